package main

import (
	"context"
	"log"
	"os"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func getEnv(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok {
		return value
	}
	return fallback
}

func main() {
	client, err := mongo.Connect(context.Background(), options.Client().ApplyURI(getEnv("MONGO_URI", "mongodb://localhost:27017")))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Disconnect(context.Background())

	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error {
		return c.SendString("catalog")
	})
	log.Fatal(app.Listen(":" + getEnv("PORT", "3000")))
}
