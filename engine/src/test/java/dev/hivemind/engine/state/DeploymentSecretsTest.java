package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.SecretMask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentSecretsTest {
    @TempDir
    Path temp;

    @Test
    void theGeneratedDatabasePasswordIsMaskedWithTheEnvironmentsSecrets() throws Exception {
        Path password = Files.writeString(temp.resolve("password"), "Zq3-generated-pw\n");
        DatabaseInfo database = new DatabaseInfo("postgresql", true, "127.0.0.1", 5433, "shop", "shop",
                Optional.empty(), Optional.of(password.toString()), Optional.empty());

        SecretMask mask = DeploymentSecrets.mask(Map.of("API_TOKEN", "tok-5f3a9c"), Optional.of(database));

        assertThat(mask.apply("psql: password Zq3-generated-pw rejected; token tok-5f3a9c"))
                .isEqualTo("psql: password *** rejected; token ***");
        assertThat(DeploymentSecrets.mask(Map.of(), Optional.of(new DatabaseInfo("postgresql", true, "127.0.0.1",
                5433, "shop", "shop", Optional.empty(), Optional.of(temp.resolve("gone").toString()),
                Optional.empty()))).apply("nothing to hide")).isEqualTo("nothing to hide");
    }
}
