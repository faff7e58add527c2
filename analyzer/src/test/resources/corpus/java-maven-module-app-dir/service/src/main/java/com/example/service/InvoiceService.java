package com.example.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class InvoiceService {
    public static void main(String[] args) {
        SpringApplication.run(InvoiceService.class, args);
    }
}
