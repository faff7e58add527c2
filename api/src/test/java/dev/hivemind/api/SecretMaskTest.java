package dev.hivemind.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskTest {
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "API_TOKEN", "tok-5f3a9c",
            "DB_PASSWORD", "hunter2!",
            "DATABASE_URL", "postgres://shop:p%40ss-w0rd@db.internal:5432/shop",
            "STRIPE", "sk9f8e7d6c5b4a3f2e1d0c",
            "LOG_LEVEL", "info",
            "REDIS_HOST", "cache-01.internal.example.com",
            "NODE_ENV", "production",
            "SHORT_KEY", "abc",
            "NODE_OPTIONS", "--max-old-space-size=4096");

    @Test
    void theSecretsOfAnEnvironmentAreMaskedWhereverTheyAppear() {
        SecretMask mask = SecretMask.of(ENVIRONMENT);

        assertThat(mask.apply("token=tok-5f3a9c and again tok-5f3a9c; pw hunter2!"))
                .isEqualTo("token=*** and again ***; pw ***");
        assertThat(mask.apply("connecting with p%40ss-w0rd, i.e. p@ss-w0rd")).isEqualTo("connecting with ***, i.e. ***");
        assertThat(mask.apply("stripe key sk9f8e7d6c5b4a3f2e1d0c")).isEqualTo("stripe key ***");
    }

    @Test
    void ordinaryValuesAndShortOnesStayReadable() {
        SecretMask mask = SecretMask.of(ENVIRONMENT);

        assertThat(mask.apply("info: production build, cache-01.internal.example.com, abc, --max-old-space-size=4096"))
                .isEqualTo("info: production build, cache-01.internal.example.com, abc, --max-old-space-size=4096");
    }

    @Test
    void anyUrlsPasswordIsMaskedKnownOrNotAndMoreSecretsCanBeAdded() {
        SecretMask mask = SecretMask.NONE.with(List.of("generated-db-password"));

        assertThat(mask.apply("DATABASE_URL=postgresql://app:generated-db-password@127.0.0.1:5433/app"))
                .isEqualTo("DATABASE_URL=postgresql://app:***@127.0.0.1:5433/app");
        assertThat(mask.apply("fetching https://deploy:ghs_abcdef@github.com/org/repo.git"))
                .isEqualTo("fetching https://deploy:***@github.com/org/repo.git");
        assertThat(mask.apply("http://127.0.0.1:8080/health")).isEqualTo("http://127.0.0.1:8080/health");
    }
}
