module github.com/hivemind-examples/go-getting-started

go 1.19
