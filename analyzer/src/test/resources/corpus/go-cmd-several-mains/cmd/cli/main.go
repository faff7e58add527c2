package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("bookmarks cli", os.Args[1:])
}
