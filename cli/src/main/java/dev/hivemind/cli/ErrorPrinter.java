package dev.hivemind.cli;

import dev.hivemind.api.error.HiveMindException;
import java.io.PrintStream;

/** Prints an error in the brief's template, its first line in red on a terminal. */
final class ErrorPrinter {
    private ErrorPrinter() {
    }

    static void print(HiveMindException error, Style style, PrintStream err) {
        String rendered = error.render();
        int firstLineEnd = rendered.indexOf('\n');
        err.println(style.red(rendered.substring(0, firstLineEnd)) + rendered.substring(firstLineEnd));
    }
}
