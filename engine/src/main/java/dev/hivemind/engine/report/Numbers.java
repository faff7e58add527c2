package dev.hivemind.engine.report;

import java.math.BigDecimal;

/** Numbers as people write them: {@code 50}, not {@code 50.0}; {@code 0.25}, not {@code 2.5E-1}. */
public final class Numbers {

    private Numbers() {
    }

    /** {@code $0.00}, {@code $12.50}: an amount of US dollars. */
    public static String dollars(double value) {
        return String.format(java.util.Locale.ROOT, "$%.2f", value);
    }

    public static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
