package dev.hivemind.engine.report;

import java.util.List;
import java.util.Map;

/** Values written as Python literals (the notebook's data cells): strings, numbers, booleans, None, lists, dicts. */
final class PythonLiteral {
    private PythonLiteral() {
    }

    /** {@code value}: a String, Number, Boolean, null, List or Map of those. */
    static String of(Object value) {
        return switch (value) {
            case null -> "None";
            case String text -> string(text);
            case Boolean flag -> flag ? "True" : "False";
            case Double number -> Double.isFinite(number) ? number.toString() : "float('" + number + "')";
            case Number number -> number.toString();
            case List<?> list -> list(list);
            case Map<?, ?> map -> dict(map);
            default -> throw new IllegalArgumentException("no Python literal for " + value.getClass().getName());
        };
    }

    private static String list(List<?> list) {
        if (list.isEmpty()) {
            return "[]";
        }
        StringBuilder text = new StringBuilder("[\n");
        list.forEach(item -> text.append("    ").append(of(item)).append(",\n"));
        return text.append("]").toString();
    }

    private static String dict(Map<?, ?> map) {
        StringBuilder text = new StringBuilder("{");
        String separator = "";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            text.append(separator).append(of(entry.getKey())).append(": ").append(of(entry.getValue()));
            separator = ", ";
        }
        return text.append("}").toString();
    }

    private static String string(String text) {
        StringBuilder literal = new StringBuilder("\"");
        text.codePoints().forEach(point -> {
            switch (point) {
                case '\\' -> literal.append("\\\\");
                case '"' -> literal.append("\\\"");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (point < 0x20 || point == 0x7F || Character.isSurrogate((char) point) && point <= 0xFFFF) {
                        literal.append(String.format("\\u%04x", point));
                    } else {
                        literal.appendCodePoint(point);
                    }
                }
            }
        });
        return literal.append('"').toString();
    }
}
