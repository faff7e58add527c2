package jobs

var queue = make(chan string, 100)

func Enqueue(to string) {
	queue <- to
}

func Work() {
	for range queue {
	}
}
