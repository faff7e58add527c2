package dev.hivemind.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void buildsAPostgresqlUrlFromItsParts() {
        assertThat(DatabaseUrl.postgres("shop", "s3cret-_x", "127.0.0.1", 54321, "shop_db"))
                .isEqualTo("postgresql://shop:s3cret-_x@127.0.0.1:54321/shop_db");
    }

    @Test
    void percentEncodesWhatAUrlCannotHoldSoDriversReadTheSamePassword() {
        String url = DatabaseUrl.postgres("app", "p@ss:w/rd 1+%", "127.0.0.1", 5432, "db");

        assertThat(url).isEqualTo("postgresql://app:p%40ss%3Aw%2Frd%201%2B%25@127.0.0.1:5432/db");
        URI parsed = URI.create(url);
        assertThat(parsed.getUserInfo()).isEqualTo("app:p@ss:w/rd 1+%");
        assertThat(parsed.getHost()).isEqualTo("127.0.0.1");
        assertThat(parsed.getPort()).isEqualTo(5432);
    }

    @Test
    void generatedPasswordsAreLongUrlSafeAndDifferent() {
        String one = LocalPostgres.newPassword();
        String two = LocalPostgres.newPassword();

        assertThat(one).hasSize(32).matches("[A-Za-z0-9_-]+").isNotEqualTo(two);
        assertThat(DatabaseUrl.postgres("r", one, "h", 1, "d")).contains(":" + one + "@");
    }

    @Test
    void roleAndDatabaseNamesComeFromTheAppName() {
        assertThat(LocalPostgres.identifier("my-shop-2")).isEqualTo("my_shop_2");
    }
}
