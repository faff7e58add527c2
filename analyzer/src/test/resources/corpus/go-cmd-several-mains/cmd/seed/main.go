package main

import (
	"log"

	"github.com/example/bookmarks/internal/store"
)

func main() {
	if _, err := store.Open("bookmarks.db"); err != nil {
		log.Fatal(err)
	}
}
