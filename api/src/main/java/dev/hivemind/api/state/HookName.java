package dev.hivemind.api.state;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The points where {@code hooks:} of {@code hivemind.yaml} run the project's own commands: around the build and
 * deploy stages, and before {@code hivemind destroy}.
 */
public enum HookName {
    PRE_BUILD(StageName.BUILD, true),
    POST_BUILD(StageName.BUILD, false),
    PRE_DEPLOY(StageName.DEPLOY, true),
    POST_DEPLOY(StageName.DEPLOY, false),
    PRE_DESTROY(null, true);

    private final StageName stage;
    private final boolean before;

    HookName(StageName stage, boolean before) {
        this.stage = stage;
        this.before = before;
    }

    /** The stage the hook runs around; empty for {@code pre-destroy}, which {@code hivemind destroy} runs. */
    public Optional<StageName> stage() {
        return Optional.ofNullable(stage);
    }

    /** Whether it runs before its stage (after the stage's approval gate) rather than after it completed. */
    public boolean before() {
        return before;
    }

    /** The key in {@code hooks:}: {@code pre-build}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Accepts the key, {@code pre-build}. */
    public static Optional<HookName> parse(String text) {
        return Arrays.stream(values()).filter(hook -> hook.toString().equals(text.trim())).findFirst();
    }
}
