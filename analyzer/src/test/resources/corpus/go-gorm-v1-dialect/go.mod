module github.com/example/todo-api

go 1.15

require (
	github.com/gorilla/mux v1.8.0
	github.com/jinzhu/gorm v1.9.16
)
