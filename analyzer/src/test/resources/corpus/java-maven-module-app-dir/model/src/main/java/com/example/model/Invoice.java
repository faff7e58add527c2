package com.example.model;

public record Invoice(String id, long cents) {
}
