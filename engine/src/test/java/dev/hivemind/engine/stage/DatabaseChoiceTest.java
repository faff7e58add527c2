package dev.hivemind.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseChoiceTest {

    @Test
    void aPostgresqlAppWithoutDatabaseUrlGetsAProvisionedServer() {
        assertThat(DatabaseChoice.of(stack("postgresql"), Map.of()))
                .isEqualTo(new DatabaseChoice.Provisioned("postgresql"));
    }

    @Test
    void aGivenDatabaseUrlWinsAndIsRecordedWithoutItsPassword() {
        DatabaseChoice choice = DatabaseChoice.of(stack("postgresql"),
                Map.of("DATABASE_URL", "postgres://shop:hunter2@db.internal:6543/orders"));

        assertThat(choice).isEqualTo(new DatabaseChoice.Supplied(new DatabaseInfo("postgresql", false, "db.internal",
                6543, "orders", "shop", Optional.empty(), Optional.empty(), Optional.empty())));
        assertThat(choice.toString()).doesNotContain("hunter2");
    }

    @Test
    void embeddedDatabasesAndNoDatabaseNeedNothing() {
        assertThat(DatabaseChoice.of(stack("sqlite"), Map.of())).isEqualTo(new DatabaseChoice.None());
        assertThat(DatabaseChoice.of(stack(null), Map.of())).isEqualTo(new DatabaseChoice.None());
    }

    @Test
    void aServerHiveMindDoesNotRunNeedsADatabaseUrlAndSaysHowToGiveIt() {
        DatabaseChoice choice = DatabaseChoice.of(stack("mysql"), Map.of());

        assertThat(choice).isEqualTo(new DatabaseChoice.Unsupported("mysql"));
        InvalidInputException error = ((DatabaseChoice.Unsupported) choice).error("shop");
        assertThat(error.getMessage()).isEqualTo("app 'shop' uses mysql, and HiveMind runs only PostgreSQL itself; "
                + "no DATABASE_URL was given");
        assertThat(error.remediation()).startsWith("Supply the mysql server's address: --env DATABASE_URL=...");
        assertThat(DatabaseChoice.of(stack("mysql"), Map.of("DATABASE_URL", "mysql://app:pw@10.0.0.5:3306/shop")))
                .isInstanceOf(DatabaseChoice.Supplied.class);
    }

    @Test
    void aDatabaseUrlThatIsNoUrlIsRefusedWithoutShowingItsPassword() {
        assertThatThrownBy(() -> DatabaseChoice.describe("postgresql://shop:hunter2@/orders"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("DATABASE_URL 'postgresql://shop:***@/orders' is not a URL with a host")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseChoice.describe("localhost:5432")).isInstanceOf(InvalidInputException.class);
    }

    private static TechStack stack(String database) {
        Optional<String> type = Optional.ofNullable(database);
        return new TechStack("nodejs", "none", "20", List.of(), type.isPresent(), type, "npm", "node server.js",
                Optional.empty(), List.of());
    }
}
