package dev.hivemind.analyzer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret scan over a tree the test writes. The planted values are assembled from pieces so this source file
 * itself holds no secret-shaped string.
 */
class SecretScannerTest {
    private static final String KEY_ID = "AKIA" + "IOSFODNN7EXAMPLQ";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";
    private static final String GITHUB = "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a";
    private static final String FINE_GRAINED = "github_pat_" + "11ABCDEFG0123456789abc_XyZ";
    private static final String SLACK = "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKl";
    private static final String BEGIN_KEY = "-----BEGIN " + "RSA PRIVATE KEY-----";

    @TempDir
    Path root;

    @Test
    void findsEveryKindOnItsLineAndShowsOnlyARedactedPrefix() throws IOException {
        write("deploy/id_rsa", BEGIN_KEY + "\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----\n");
        write("src/aws.py", "import boto3\n\nKEY = '" + KEY_ID + "'\nSECRET = '" + AWS_SECRET + "'\n");
        write("src/client.js", "// calls the API\nconst token = \"" + GITHUB + "\";\nconst other = '" + FINE_GRAINED
                + "';\n");
        write("notify.rb", "require 'slack'\n\nSlack.configure { |c| c.token = '" + SLACK + "' }\n");
        write("app/settings.py", "DEBUG = False\nDB_PASSWORD = \"Tr0ub4dor&3horse\"\n");
        write("config/app.yml", "server:\n  port: 8080\n  stripe_api_key: sk9f8e7d6c5b4a3f2e1d\n");
        write(".env", "# local settings\n\nDATABASE_URL=postgres://app:s3cretpw@db/app\nEMPTY=\n");
        write(".env.example", "DATABASE_URL=postgres://user:password@localhost/app\n");

        SecretScanner.Result result = SecretScanner.scan(root);

        assertThat(result.findings()).containsExactlyInAnyOrder(
                new SecretFinding("deploy/id_rsa", 1, "private key", "-----BEGIN RSA PRIVATE KEY-----"),
                new SecretFinding("src/aws.py", 3, "AWS access key id", "AKIA…, 20 characters"),
                new SecretFinding("src/aws.py", 4, "AWS secret access key", "wJal…, 40 characters"),
                new SecretFinding("src/client.js", 2, "GitHub token", "ghp_…, 40 characters"),
                new SecretFinding("src/client.js", 3, "GitHub token", "gith…, 37 characters"),
                new SecretFinding("notify.rb", 3, "Slack token", "xoxb…, 44 characters"),
                new SecretFinding("app/settings.py", 2, "literal db_password value", "Tr0u…, 16 characters"),
                new SecretFinding("config/app.yml", 3, "literal stripe_api_key value", "sk9f…, 20 characters"),
                new SecretFinding(".env", 3, "value of DATABASE_URL in a committed .env file",
                        "post…, 30 characters"));
        assertThat(result.findings()).extracting(SecretFinding::describe).noneMatch(text -> text.contains(KEY_ID)
                || text.contains(AWS_SECRET) || text.contains(GITHUB) || text.contains(SLACK)
                || text.contains("Tr0ub4dor") || text.contains("s3cretpw"));
        assertThat(result.filesScanned()).isEqualTo(8);
    }

    @Test
    void aCommittedEnvFilesPlainSettingsAreNotSecrets() throws IOException {
        write(".env", "REPEAT=10\nNODE_ENV=production\nPORT=3000\nLOG_LEVEL=info\nGREETING=Hello world\n"
                + "SESSION_SECRET=k8Qz2mWv9xLp4\nSTRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n"
                + "SENTRY=abcDEF1234567890ghiJKL\nREDIS_URL=redis://:hunter2pass@cache:6379\n");

        assertThat(SecretScanner.scan(root).findings()).extracting(SecretFinding::line).containsExactly(6, 7, 8, 9);
    }

    @Test
    void aNamedAwsSecretIsFoundWithoutAKeyIdNearIt() throws IOException {
        write("credentials", "[default]\naws_secret_access_key = " + AWS_SECRET + "\n");

        assertThat(SecretScanner.scan(root).findings()).containsExactly(
                new SecretFinding("credentials", 2, "AWS secret access key", "wJal…, 40 characters"));
    }

    @Test
    void neverEntersDependencyBuildOrVersionControlDirectories() throws IOException {
        for (String directory : new String[] {"node_modules/left-pad", ".git", "vendor/acme", "venv/lib", ".venv",
                "build/out", "target/classes", "dist"}) {
            write(directory + "/keys.js", "const id = '" + KEY_ID + "';\n");
        }
        write("src/ok.js", "module.exports = 1;\n");

        SecretScanner.Result result = SecretScanner.scan(root);

        assertThat(result.findings()).isEmpty();
        assertThat(result.filesScanned()).isEqualTo(1);
    }

    @Test
    void skipsBinaryAndOversizedFiles() throws IOException {
        Files.write(root.resolve("logo.png"), ("\u0089PNG\r\n\u0000\u0000" + KEY_ID).getBytes());
        write("dump.sql", "-- " + KEY_ID + "\n" + "x".repeat((int) SecretScanner.MAX_FILE_BYTES));
        write("small.txt", "nothing here\n");

        SecretScanner.Result result = SecretScanner.scan(root);

        assertThat(result.findings()).isEmpty();
        assertThat(result.filesScanned()).isEqualTo(1);
        assertThat(result.filesSkipped()).isEqualTo(2);
    }

    @Test
    void aQuotedPasswordInYamlIsFoundShortSpacedOrInAList() throws IOException {
        write("config/database.yml", String.join("\n",
                "production:",
                "  password: \"hunt3r-2x\"",
                "  admin_password: 'correct horse battery staple'",
                "users:",
                "  - name: ops",
                "    password: \"p#ss-w0rd-ok\"",
                "  - password: \"S3cond-in-list\"",
                "staging:",
                "  password: \"${DB_PASSWORD}\"",
                "  secret: \"changeme\"",
                "  api_key: \"short\"", ""));

        assertThat(SecretScanner.scan(root).findings()).containsExactly(
                new SecretFinding("config/database.yml", 2, "literal password value", "hu…, 9 characters"),
                new SecretFinding("config/database.yml", 3, "literal admin_password value", "corr…, 28 characters"),
                new SecretFinding("config/database.yml", 6, "literal password value", "p#ss…, 12 characters"),
                new SecretFinding("config/database.yml", 7, "literal password value", "S3co…, 14 characters"));
    }

    @Test
    void ordinaryCodeAndPlaceholdersAreNotSecrets() throws IOException {
        write("app.py", String.join("\n",
                "password = os.environ['DB_PASSWORD']",
                "api_key = get_secret('stripe')",
                "token = \"short\"",
                "PASSWORD = \"changeme-in-production\"",
                "secret = \"${APP_SECRET_FROM_ENV}\"",
                "password_field = 'password_confirmation'",
                "commit = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'",
                "if password == user.password: pass", ""));
        write("server.js", "const apiKey = process.env.API_KEY;\nconst secret = req.body.secret;\n"
                + "app.post('/login', (req, res) => check(req.body.password));\n");
        write("config.yaml", "db:\n  password: ${DB_PASSWORD}\n  api_key: <your-api-key-here>\n");
        write("package-lock.json", "{\"integrity\": \"sha512-" + "A".repeat(20) + "b1+/" + "c".repeat(62) + "==\"}\n");
        write("README.md", "Set `AWS_SECRET_ACCESS_KEY` and `GITHUB_TOKEN` in your environment.\n");
        write(".env.sample", "SECRET_KEY=replace-with-a-long-random-value\n");

        assertThat(SecretScanner.scan(root).findings()).isEmpty();
    }

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
