// Command go-fixed-port is a Go app with no dependencies that listens on a port constant whatever PORT says, as many
// starters do. HiveMind finds the port, runs each instance where it is free and routes there.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const addr = ":8090"

func main() {
	version := os.Getenv("APP_VERSION")
	if version == "" {
		version = "v1"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Hello from go-fixed-port %s\n", version)
	})

	server := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	stop, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	go func() {
		<-stop.Done()
		shutdown, done := context.WithTimeout(context.Background(), 20*time.Second)
		defer done()
		server.Shutdown(shutdown)
	}()
	log.Printf("go-fixed-port %s listening on %s", version, addr)
	if err := server.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
