package main

import (
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

type Album struct {
	ID     uint   `json:"id"`
	Title  string `json:"title"`
	Artist string `json:"artist"`
}

func main() {
	db, err := gorm.Open(postgres.Open(os.Getenv("DATABASE_URL")), &gorm.Config{})
	if err != nil {
		panic(err)
	}
	db.AutoMigrate(&Album{})

	r := gin.Default()
	r.GET("/ping", func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"message": "pong"})
	})
	r.GET("/albums", func(c *gin.Context) {
		var albums []Album
		db.Find(&albums)
		c.JSON(http.StatusOK, albums)
	})
	r.Run() // listen and serve on 0.0.0.0:8080
}
