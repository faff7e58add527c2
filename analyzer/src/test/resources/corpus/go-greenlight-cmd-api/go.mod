module greenlight.example.com

go 1.22

require (
	github.com/julienschmidt/httprouter v1.3.0
	github.com/lib/pq v1.10.9
)
