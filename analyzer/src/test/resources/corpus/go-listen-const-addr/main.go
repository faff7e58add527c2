package main

import (
	"io"
	"log"
	"net/http"
)

const (
	ADDRESS string = ":9000"
)

func collect(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/collect", collect)
	log.Println("Listening on:", ADDRESS)
	if err := http.ListenAndServe(ADDRESS, nil); err != nil {
		log.Fatalln("There was an error while serving:", err.Error())
	}
}
