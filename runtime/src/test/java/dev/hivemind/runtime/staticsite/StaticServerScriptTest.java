package dev.hivemind.runtime.staticsite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The script behind HIVEMIND_STATIC_SERVER, and the static server's rules for paths. */
class StaticServerScriptTest {

    @ParameterizedTest
    @ValueSource(strings = {"/opt/java/bin/java", "/home/o'brien/jdk 25/bin/java", "/a/$HOME/`id`/\"x\"/b"})
    void quotesPathsSoTheShellTakesThemLiterally(String path) throws Exception {
        Process printf = new ProcessBuilder("/bin/sh", "-c", "printf %s " + StaticServerScript.quoted(path)).start();

        assertThat(new String(printf.getInputStream().readAllBytes())).isEqualTo(path);
        assertThat(printf.waitFor()).isZero();
    }

    @Test
    void execsTheGivenJavaWithASmallHeapAndPassesTheDirectoryOn() {
        assertThat(StaticServerScript.content("/jdk/bin/java", "/x/hivemind.jar")).isEqualTo("#!/bin/sh\n"
                + "# Written by the HiveMind host agent: serves the directory given as argument on $HOST:$PORT.\n"
                + "exec '/jdk/bin/java' -XX:+UseSerialGC -Xms8m -Xmx64m -Xss512k -XX:TieredStopAtLevel=1 "
                + "-cp '/x/hivemind.jar' dev.hivemind.runtime.staticsite.StaticSiteServer \"$@\"\n");
    }

    @ParameterizedTest
    @CsvSource({
        "/, no-cache", "/docs/, no-cache", "/about, no-cache", "/index.html, no-cache", "/feed.XML, no-cache",
        "/site.webmanifest, no-cache", "/css/site.css, 'public, max-age=3600'",
        "/js/app.4f2a.js, 'public, max-age=3600'", "/img/logo.PNG, 'public, max-age=3600'",
        "/fonts/a.woff2, 'public, max-age=3600'"})
    void letsAssetsBeCachedButNotPages(String path, String cacheControl) {
        assertThat(StaticSitePolicy.cacheControl(path)).isEqualTo(cacheControl);
    }

    @ParameterizedTest
    @CsvSource({
        "/.env, true", "/.git/config, true", "/a/.htpasswd, true", "/.well-known/security.txt, false",
        "/index.html, false", "/docs/, false", "/v1.2/notes.txt, false"})
    void hidesHiddenPathsButWellKnown(String path, boolean hidden) {
        assertThat(StaticSitePolicy.hidden(path)).isEqualTo(hidden);
    }
}
