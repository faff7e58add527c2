package main

import "github.com/example/mailer/internal/jobs"

func main() {
	jobs.Work()
}
