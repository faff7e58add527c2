package main

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
)

var flags = map[string]bool{"new-checkout": false}

func main() {
	r := chi.NewRouter()
	r.Get("/flags", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(flags)
	})
	r.Get("/ready", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	http.ListenAndServe(":3333", r)
}
