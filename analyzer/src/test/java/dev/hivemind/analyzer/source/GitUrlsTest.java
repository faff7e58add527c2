package dev.hivemind.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Credentials never show in what is printed of a URL nor in its cache entry's name. */
class GitUrlsTest {

    @ParameterizedTest
    @CsvSource({
            "https://github.com/acme/shop.git, https://github.com/acme/shop.git, github.com-acme-shop.git",
            "https://x-access-token:ghp_secret@github.com/acme/shop.git, https://***@github.com/acme/shop.git, "
                    + "github.com-acme-shop.git",
            "https://ghp_secret@github.com/acme/shop, https://***@github.com/acme/shop, github.com-acme-shop",
            "ssh://git@example.com:2222/srv/shop.git, ssh://git@example.com:2222/srv/shop.git, "
                    + "example.com-2222-srv-shop.git",
            "ssh://deploy:hunter2@example.com/shop.git, ssh://deploy:***@example.com/shop.git, example.com-shop.git",
            "git@github.com:acme/shop.git, git@github.com:acme/shop.git, github.com-acme-shop.git",
            "file:///srv/git/shop.git, file:///srv/git/shop.git, srv-git-shop.git",
    })
    void hidesCredentialsAndNamesTheEntryAfterHostAndPath(String url, String redacted, String name) {
        assertThat(GitUrls.redacted(url)).isEqualTo(redacted);
        assertThat(GitUrls.cacheName(url)).matches(java.util.regex.Pattern.quote(name) + "-[0-9a-f]{16}")
                .doesNotContain("secret").doesNotContain("hunter2");
    }

    @ParameterizedTest
    @CsvSource({
            "https://github.com/acme/shop.git, https://github.com/acme/shop",
            "https://github.com/acme/shop.git, https://gitlab.com/acme/shop.git",
            "ssh://alice@example.com/shop.git, ssh://bob@example.com/shop.git",
    })
    void differentRepositoriesGetDifferentEntries(String one, String other) {
        assertThat(GitUrls.cacheName(one)).isNotEqualTo(GitUrls.cacheName(other));
    }

    @ParameterizedTest
    @CsvSource({"https://tokenA@github.com/acme/shop.git, https://tokenB@github.com/acme/shop.git"})
    void oneRepositoryReachedWithDifferentTokensSharesItsEntry(String one, String other) {
        assertThat(GitUrls.cacheName(one)).isEqualTo(GitUrls.cacheName(other));
    }

    @org.junit.jupiter.api.Test
    void keepsLongNamesShort() {
        String url = "https://example.com/" + "very-long-group/".repeat(20) + "app.git";

        assertThat(GitUrls.cacheName(url)).hasSizeLessThanOrEqualTo(48 + 17).matches("[a-z0-9].*app\\.git-[0-9a-f]{16}");
    }
}
