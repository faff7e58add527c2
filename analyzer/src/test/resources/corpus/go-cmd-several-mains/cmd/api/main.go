package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/example/bookmarks/internal/store"
)

func main() {
	addr := flag.String("addr", ":8080", "HTTP listen address")
	dbPath := flag.String("db", "bookmarks.db", "SQLite database file")
	flag.Parse()

	s, err := store.Open(*dbPath)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle("/bookmarks", s)
	log.Fatal(http.ListenAndServe(*addr, mux))
}
