package com.example.core;

public final class Slots {
    private Slots() {
    }
}
