package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJvmTest {
    @TempDir
    Path temp;

    @Test
    void onJdk25TheAgentRecordsAnAheadOfTimeCacheThenStartsFromIt() throws Exception {
        HivemindHome home = new HivemindHome(temp.resolve("home"));
        Path jar = Files.writeString(temp.resolve("hivemind.jar"), "jar");
        Runtime.Version jdk25 = Runtime.Version.parse("25.0.1+8");
        Path cache = home.agent().resolve("agent-25.0.1_8.aot");
        assertThat(AgentJvm.cache(home, jdk25)).isEqualTo(cache);

        // without a cache, the first agent records one (written when it exits normally)
        assertThat(AgentJvm.options(home, jdk25, jar.toString()))
                .startsWith("-XX:+UseSerialGC", "-Xmx512m", "-Xss512k",
                        "-Dorg.eclipse.jetty.util.referencesPerCacheLine=16", "-Djdk.reflect.useNativeAccessorOnly=true")
                .contains("-XX:AOTCacheOutput=" + cache)
                .noneMatch(option -> option.startsWith("-XX:AOTCache=") || option.startsWith("-XX:TieredStopAtLevel"));

        // with a cache newer than the jar, the next agents start from it
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, "cache");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(AgentJvm.options(home, jdk25, jar.toString())).contains("-XX:AOTCache=" + cache)
                .noneMatch(option -> option.startsWith("-XX:AOTCacheOutput="));

        // and a rebuilt jar makes it record the cache again
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(AgentJvm.options(home, jdk25, jar.toString())).contains("-XX:AOTCacheOutput=" + cache);
    }

    @Test
    void onJdk21TheJvmKeepsADynamicClassDataArchiveItself() {
        HivemindHome home = new HivemindHome(temp.resolve("home"));
        Path archive = home.agent().resolve("agent-21.0.5_11-LTS.jsa");

        assertThat(AgentJvm.options(home, Runtime.Version.parse("21.0.5+11-LTS"), "app.jar"))
                .contains("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive");
    }

    @Test
    void aCacheIsFreshOnlyWhenNewerThanEveryClasspathEntry() throws Exception {
        Path old = Files.writeString(temp.resolve("old.jar"), "a");
        Path cache = Files.writeString(temp.resolve("agent.aot"), "c");
        Path missing = temp.resolve("missing.jar");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(60)));
        Path newer = Files.writeString(temp.resolve("new.jar"), "b");
        Files.setLastModifiedTime(newer, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(AgentJvm.fresh(cache, String.join(File.pathSeparator, old.toString(), missing.toString()))).isTrue();
        assertThat(AgentJvm.fresh(cache, String.join(File.pathSeparator, old.toString(), newer.toString()))).isFalse();
        assertThat(AgentJvm.fresh(temp.resolve("none.aot"), old.toString())).isFalse();
    }

    @Test
    void theCommandRunsTheMainClassWithTheOptionsOfThisJvmUnderAPrivateUmask() {
        HivemindHome home = new HivemindHome(temp.resolve("home"));

        List<String> command = AgentJvm.command("/usr/bin/java", home, "app.jar", "dev.example.Main",
                List.of("agent", "run"));

        assertThat(command.subList(0, 4)).containsExactly("/bin/sh", "-c", "umask 077 && unset PWD && exec \"$0\" \"$@\"",
                "/usr/bin/java");
        assertThat(command).containsSubsequence("-XX:+UseSerialGC", "-cp", "app.jar", "dev.example.Main", "agent", "run");
        assertThat(command).anyMatch(option -> option.contains(home.agent().resolve("agent-").toString()));
        assertThat(command.subList(command.size() - 5, command.size()))
                .containsExactly("-cp", "app.jar", "dev.example.Main", "agent", "run");
    }
}
