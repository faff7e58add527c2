package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.runtime.client.Json;
import dev.hivemind.runtime.client.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredTlsTest {
    @TempDir
    Path temp;

    @Test
    void whetherAnAppServesTlsIsSavedAndAnOlderFileReadsAsPlainHttp() throws Exception {
        // given an app on HTTPS
        DesiredStateStore store = new DesiredStateStore(temp.resolve("desired.json"));
        store.save(new DesiredState(1, Map.of("web",
                new DesiredState.DesiredApp(8443, "127.0.0.1", Optional.empty(), Map.of(), Map.of(), true,
                        List.of()))));

        // then it reads back so; a file written before TLS existed has no key and reads as plain HTTP
        assertThat(store.load().apps().get("web").tls()).isTrue();
        Files.writeString(store.file(), Files.readString(store.file())
                .replaceAll(",\\s*\"tls\" : true", "").replaceAll("\"tls\" : true,\\s*", ""));
        assertThat(Files.readString(store.file())).doesNotContain("tls");
        assertThat(store.load().apps().get("web").tls()).isFalse();
    }

    @Test
    void anAppRequestWithoutTlsIsPlainHttp() {
        assertThat(Json.read("{\"public_port\": 8080}", Wire.AppRequest.class).https()).isFalse();
        assertThat(Json.read("{\"public_port\": 8080, \"tls\": true}", Wire.AppRequest.class).https()).isTrue();
    }
}
