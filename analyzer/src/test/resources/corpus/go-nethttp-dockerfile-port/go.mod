module example.com/hello-run

go 1.22

toolchain go1.22.3
