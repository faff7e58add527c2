package com.example;

import io.javalin.Javalin;

public class JavalinApp {
    public static void main(String[] args) {
        var app = Javalin.create(/*config*/)
                .get("/", ctx -> ctx.result("Hello World"))
                .get("/health", ctx -> ctx.result("ok"))
                .start(7070);
    }
}
