package dev.hivemind.engine.validate;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.ValidationPlan.SmokeTest;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.engine.state.IoErrors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** One smoke test: a GET whose status and body are compared with what the configuration expects. */
public final class SmokeProbe {
    /** How much of an unexpected body the check quotes. */
    static final int BODY_SHOWN = 200;

    private final HttpClient client;
    private final Duration timeout;

    public SmokeProbe(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public ValidationCheck request(URI url, SmokeTest test) {
        String name = "smoke " + test.path();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "HiveMind-Validator").build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long millis = elapsedMillis(started);
            boolean passed = statusMatches(test, response.statusCode())
                    && test.expectBody().map(response.body()::contains).orElse(true);
            return new ValidationCheck(name, url.toString(), passed, response.statusCode(), millis,
                    "expected " + expected(test) + ", got " + response.statusCode() + " with body '"
                            + shown(response.body()) + "' after " + millis + " ms");
        } catch (HttpTimeoutException slow) {
            return new ValidationCheck(name, url.toString(), false, 0, elapsedMillis(started),
                    "expected " + expected(test) + ", got no answer within " + timeout.toMillis() + " ms");
        } catch (IOException unreachable) {
            return new ValidationCheck(name, url.toString(), false, 0, elapsedMillis(started),
                    "expected " + expected(test) + ", got no answer (" + IoErrors.describe(unreachable) + ")");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(Agent.VALIDATOR, "interrupted while requesting " + url,
                    "Running the smoke tests through the public URL", "Continue with `hivemind resume`", interrupted);
        }
    }

    private static boolean statusMatches(SmokeTest test, int status) {
        return test.expectStatus().map(expected -> expected == status).orElse(status >= 200 && status < 300);
    }

    /** {@code status 200 and a body containing 'ok'}. */
    static String expected(SmokeTest test) {
        String status = test.expectStatus().map(code -> "status " + code).orElse("a 2xx status");
        return status + test.expectBody().map(text -> " and a body containing '" + text + "'").orElse("");
    }

    private static String shown(String body) {
        String line = body.replace('\n', ' ').replace('\r', ' ');
        return line.length() > BODY_SHOWN ? line.substring(0, BODY_SHOWN) + "..." : line;
    }

    private static long elapsedMillis(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
