package main

import (
	"log"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/joho/godotenv"
)

func main() {
	godotenv.Load()

	port := os.Getenv("PORT")
	if port == "" {
		log.Fatal("PORT is not found in the environment")
	}

	router := gin.Default()
	router.GET("/v1/healthz", func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{})
	})
	router.Run(":" + port)
}
