package dev.hivemind.api.state;

import java.util.Locale;

/** A deployment's status, as the brief's section 1 lists it. */
public enum Status {
    PENDING, ANALYZING, BUILDING, PROVISIONING, DEPLOYING, HARDENING, VALIDATING,
    COMPLETE, FAILED, AWAITING_APPROVAL, ROLLED_BACK, DESTROYED;

    /** A terminal status ends a run: {@code completed_at} is set when a deployment reaches one. */
    public boolean terminal() {
        return switch (this) {
            case COMPLETE, FAILED, ROLLED_BACK, DESTROYED -> true;
            case PENDING, ANALYZING, BUILDING, PROVISIONING, DEPLOYING, HARDENING, VALIDATING,
                 AWAITING_APPROVAL -> false;
        };
    }

    /** The wire name, as in {@code state.json}: {@code awaiting_approval}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
