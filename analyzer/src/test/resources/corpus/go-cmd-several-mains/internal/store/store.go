package store

import (
	"database/sql"
	"net/http"

	_ "modernc.org/sqlite"
)

type Store struct {
	db *sql.DB
}

func Open(path string) (*Store, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("[]"))
}
