package main

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/viper"
)

func main() {
	viper.SetConfigName("config")
	viper.SetConfigType("yaml")
	viper.AddConfigPath("./config")
	if err := viper.ReadInConfig(); err != nil {
		panic(fmt.Errorf("fatal error config file: %w", err))
	}

	rdb := redis.NewClient(&redis.Options{Addr: viper.GetString("redis.addr")})

	r := gin.New()
	r.GET("/health", func(c *gin.Context) {
		c.String(http.StatusOK, "ok")
	})
	r.GET("/:code", func(c *gin.Context) {
		url, _ := rdb.Get(c, c.Param("code")).Result()
		c.Redirect(http.StatusFound, url)
	})

	r.Run(fmt.Sprintf(":%d", viper.GetInt("server.port")))
}
