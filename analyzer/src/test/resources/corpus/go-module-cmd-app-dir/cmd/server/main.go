package main

import (
	"net/http"

	"github.com/example/mailer/internal/jobs"
	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.GET("/health", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	e.POST("/send", func(c echo.Context) error {
		jobs.Enqueue(c.FormValue("to"))
		return c.NoContent(http.StatusAccepted)
	})
	e.Logger.Fatal(e.Start(":8000"))
}
