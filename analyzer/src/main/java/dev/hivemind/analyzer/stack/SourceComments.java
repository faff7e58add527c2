package dev.hivemind.analyzer.stack;

/**
 * Source code with its comments blanked: every character of a comment replaced by a space, line breaks kept, so
 * offsets and line numbers still match the file while a commented-out route, import or port (a JSDoc
 * {@code @example app.listen(3000)}) is not taken for a real one. Strings are read so that {@code "http://..."} or
 * {@code "#fff"} is not taken for a comment.
 */
public final class SourceComments {

    private SourceComments() {
    }

    /** Go, JavaScript and TypeScript: {@code //} to the end of the line and {@code /* ... *}{@code /}. */
    public static String cStyle(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (text.startsWith("//", i)) {
                end = lineEnd(text, i);
                blank(text, i, end, out);
            } else if (text.startsWith("/*", i)) {
                end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                blank(text, i, end, out);
            } else if (c == '"' || c == '\'' || c == '`') {
                end = literalEnd(text, i, c);
                out.append(text, i, end);
            } else {
                end = i + 1;
                out.append(c);
            }
            i = end;
        }
        return out.toString();
    }

    /** Python: {@code #} to the end of the line. */
    public static String hashStyle(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (c == '#') {
                end = lineEnd(text, i);
                blank(text, i, end, out);
            } else if (c == '"' || c == '\'') {
                end = literalEnd(text, i, c);
                out.append(text, i, end);
            } else {
                end = i + 1;
                out.append(c);
            }
            i = end;
        }
        return out.toString();
    }

    private static int lineEnd(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    private static int literalEnd(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote || (c == '\n' && quote != '`')) {
                return Math.min(i + 1, text.length());
            } else {
                i++;
            }
        }
        return text.length();
    }

    private static void blank(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            out.append(text.charAt(i) == '\n' ? '\n' : ' ');
        }
    }
}
