module github.com/example/shortlinks

go 1.21

require (
	github.com/gin-gonic/gin v1.9.1
	github.com/redis/go-redis/v9 v9.5.1
	github.com/spf13/viper v1.18.2
)
