package dev.eventlog.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * POSTs webhooks without blocking a thread per request: a receiver that hangs holds a connection
 * until the timeout, never a worker. Redirects are not followed (a redirect is a failure), and
 * the two clients differ only in whether certificates are checked.
 */
@ApplicationScoped
public class WebhookSender {

    /** The attempt log keeps this much of each answer. */
    static final int RESPONSE_BYTES_KEPT = 20 * 1024;

    @Inject
    DeliverySettings settings;

    @Inject
    Clock clock;

    private HttpClient verifying;
    private HttpClient trusting;

    @PostConstruct
    void init() {
        verifying = builder().build();
        trusting = builder().sslContext(trustAll()).build();
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout());
    }

    public CompletableFuture<AttemptOutcome> post(WebhookRequest webhook) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Eventlog-Webhooks/1")
                .header("close-sig-timestamp", webhook.timestamp())
                .header("close-sig-hash", webhook.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()))
                .build();
        long started = System.nanoTime();
        HttpClient client = webhook.verifySsl() ? verifying : trusting;
        return client.sendAsync(request, LimitedBody.handler(RESPONSE_BYTES_KEPT))
                // A body that trickles in past the timeout must not keep the attempt open either.
                .orTimeout(settings.timeout().toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((response, error) -> outcome(response, error, Duration.ofNanos(System.nanoTime() - started)));
    }

    private AttemptOutcome outcome(HttpResponse<byte[]> response, Throwable error, Duration latency) {
        long millis = latency.toMillis();
        if (error != null) {
            return new AttemptOutcome(null, millis, describe(error), null, Optional.empty());
        }
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String problem = null;
        if (status >= 300 && status < 400) {
            problem = "Redirect (HTTP " + status + ") not followed";
        } else if (status < 200 || status >= 300) {
            problem = "HTTP " + status;
        }
        Optional<java.time.Duration> retryAfter = (status == 429 || status == 503)
                ? response.headers().firstValue("Retry-After").flatMap(v -> RetryPolicy.parseRetryAfter(v, clock.instant()))
                : Optional.empty();
        return new AttemptOutcome(status, millis, problem, body, retryAfter);
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpConnectTimeoutException) {
            return "Connection timed out after " + settings.timeout().toSeconds() + " s";
        }
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return "No response within " + settings.timeout().toSeconds() + " s";
        }
        if (cause instanceof ConnectException) {
            return "Connection refused";
        }
        if (cause instanceof SSLException) {
            return "TLS error: " + cause.getMessage();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** For verify_ssl=false only: accepts any certificate and any host name, as the user asked. */
    private static SSLContext trustAll() {
        TrustManager acceptAll = new X509ExtendedTrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{acceptAll}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
    }
}
