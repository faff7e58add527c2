package dev.hivemind.engine.validate;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.engine.state.IoErrors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** One GET of a health URL, measured, as a {@link ValidationCheck}. */
public final class HealthProbe {
    private final HttpClient client;
    private final Duration timeout;

    public HealthProbe(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public ValidationCheck request(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "HiveMind-Validator").build();
        long started = System.nanoTime();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            long millis = elapsedMillis(started);
            boolean passed = status >= 200 && status < 300;
            return new ValidationCheck("health", url.toString(), passed, status, millis,
                    "got " + status + " after " + millis + " ms");
        } catch (HttpTimeoutException slow) {
            long millis = elapsedMillis(started);
            return new ValidationCheck("health", url.toString(), false, 0, millis,
                    "got no answer within " + timeout.toMillis() + " ms");
        } catch (IOException unreachable) {
            long millis = elapsedMillis(started);
            String why = unreachable instanceof ConnectException ? "connection refused"
                    : IoErrors.describe(unreachable);
            return new ValidationCheck("health", url.toString(), false, 0, millis,
                    "got no answer (" + why + ") after " + millis + " ms");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(Agent.VALIDATOR, "interrupted while requesting " + url,
                    "Validating the app through its public URL", "Continue with `hivemind resume`", interrupted);
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
