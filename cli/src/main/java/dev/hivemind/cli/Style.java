package dev.hivemind.cli;

import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;

/** Colors and icons on a terminal, plain words otherwise. */
public final class Style {
    private static final String RESET = "\u001b[0m";
    private final boolean styled;

    public Style(boolean styled) {
        this.styled = styled;
    }

    public String green(String text) {
        return color("32", text);
    }

    public String red(String text) {
        return color("31", text);
    }

    public String yellow(String text) {
        return color("33", text);
    }

    public String cyan(String text) {
        return color("36", text);
    }

    public String dim(String text) {
        return color("2", text);
    }

    public String bold(String text) {
        return color("1", text);
    }

    public String icon(StageStatus status) {
        return switch (status) {
            case COMPLETED -> styled ? "✅" : "[done]   ";
            case FAILED -> styled ? "❌" : "[failed] ";
            case RUNNING -> styled ? "🔄" : "[running]";
            case PENDING -> styled ? "⭕" : "[pending]";
            case SKIPPED -> styled ? "⭕" : "[skipped]";
        };
    }

    String warningIcon() {
        return styled ? "⚠️ " : "warning:";
    }

    public String status(Status status) {
        String text = status.toString();
        return switch (status) {
            case COMPLETE -> green(text);
            case FAILED -> red(text);
            case AWAITING_APPROVAL, ROLLED_BACK -> yellow(text);
            case DESTROYED -> dim(text);
            case PENDING, ANALYZING, BUILDING, PROVISIONING, DEPLOYING, HARDENING, VALIDATING -> cyan(text);
        };
    }

    private String color(String code, String text) {
        return styled ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
