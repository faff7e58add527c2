module github.com/example/rss-aggregator

go 1.22.0

require (
	github.com/gin-gonic/gin v1.10.0
	github.com/joho/godotenv v1.5.1
)
