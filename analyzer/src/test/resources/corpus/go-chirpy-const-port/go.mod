module github.com/example/chirpy

go 1.23.1

require (
	github.com/joho/godotenv v1.5.1
	github.com/lib/pq v1.10.9
)
