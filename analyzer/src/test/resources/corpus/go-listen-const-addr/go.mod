module example.com/metrics-sink

go 1.21
