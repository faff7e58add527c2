module example.com/go-fixed-port

go 1.19
