module example.com/go-nethttp

go 1.19
