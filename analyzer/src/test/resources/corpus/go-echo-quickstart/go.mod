module example.com/echo-hello

go 1.20

require github.com/labstack/echo/v4 v4.12.0
