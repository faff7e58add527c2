package dev.hivemind.engine.report;

import java.util.List;

/** A small builder of well-formed XML text (the HTML report, its SVG charts): every text is escaped. */
final class Xml {
    private final StringBuilder text = new StringBuilder();

    Xml raw(String markup) {
        text.append(markup);
        return this;
    }

    Xml text(String value) {
        text.append(escape(value));
        return this;
    }

    Xml element(String name, String value) {
        return raw("<" + name + ">").text(value).raw("</" + name + ">\n");
    }

    Xml list(List<String> items) {
        raw("<ul>\n");
        items.forEach(item -> element("li", item));
        return raw("</ul>\n");
    }

    Xml header(String... columns) {
        raw("<table>\n<tr>");
        for (String column : columns) {
            raw("<th>").text(column).raw("</th>");
        }
        return raw("</tr>\n");
    }

    /** A table row; the last cell gets {@code lastClass} as its class when it is not empty. */
    Xml row(List<String> cells, String lastClass) {
        raw("<tr>");
        for (int i = 0; i < cells.size(); i++) {
            boolean classed = i == cells.size() - 1 && !lastClass.isEmpty();
            raw(classed ? "<td class=\"" + escape(lastClass) + "\">" : "<td>").text(cells.get(i)).raw("</td>");
        }
        return raw("</tr>\n");
    }

    /**
     * The text escaped for XML content and attribute values; characters XML 1.0 does not allow (control characters,
     * unpaired surrogates) become U+FFFD.
     */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        value.codePoints().forEach(point -> {
            switch (point) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.appendCodePoint(allowed(point) ? point : 0xFFFD);
            }
        });
        return escaped.toString();
    }

    private static boolean allowed(int point) {
        return point == '\t' || point == '\n' || point == '\r' || (point >= 0x20 && point <= 0xD7FF)
                || (point >= 0xE000 && point <= 0xFFFD) || (point >= 0x10000 && point <= 0x10FFFF);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
