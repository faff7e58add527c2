package dev.hivemind.engine.report;

/** A small Markdown builder for the journal. */
public final class Markdown {
    private final StringBuilder text = new StringBuilder();

    public Markdown line(String line) {
        text.append(line).append('\n');
        return this;
    }

    public Markdown blank() {
        text.append('\n');
        return this;
    }

    /** Starts a {@code ##} section, leaving a blank line before the next one. */
    public Markdown section(String title) {
        if (!text.isEmpty() && !text.toString().endsWith("\n\n")) {
            blank();
        }
        return line("## " + title).blank();
    }

    public Markdown item(String item) {
        return line("- " + oneLine(item));
    }

    public Markdown row(String... cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(' ').append(oneLine(cell).replace("|", "\\|")).append(" |");
        }
        return line(row.toString());
    }

    public Markdown rule(int columns) {
        return line("|" + " --- |".repeat(columns));
    }

    public int length() {
        return text.length();
    }

    /** Text on one line: line breaks become " / ". */
    public static String oneLine(String text) {
        return text.strip().replace("\r\n", "\n").replace("\n", " / ");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
