package dev.eventlog.delivery;

import dev.eventlog.retry.RetryPolicy;
import dev.eventlog.webhook.WebhookTargets;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs webhooks without blocking a thread per request: a receiver that hangs holds a connection
 * until the timeout, never a worker. The target is resolved and checked first
 * ({@link WebhookTargets}, off this thread), and the request goes to exactly the address that was
 * checked: the HTTP client is given the address with the host name, which it keeps for the Host
 * header, TLS SNI and the certificate's host name check, and never looks a name up itself. So a
 * DNS answer that changes after the check (rebinding) cannot send a delivery to a private address.
 * Redirects are not followed (a redirect is a failure), and the two clients differ only in
 * whether certificates are checked.
 */
@ApplicationScoped
public class WebhookSender {

    /** The attempt log keeps this much of each answer. */
    static final int RESPONSE_BYTES_KEPT = 20 * 1024;

    /**
     * Connections to one receiver (address, name, port) per client. The adaptive limit of each
     * subscription, not the pool, decides how many requests a receiver gets: this only bounds the
     * sockets. Many subscriptions may share a receiver (an automation platform's all do), so one
     * receiver may have as many connections as this many subscriptions at their ceiling.
     */
    static final int SUBSCRIPTIONS_PER_RECEIVER = 16;
    /** ...and all receivers together as many as this many such receivers. */
    static final int RECEIVERS_AT_FULL_SPEED = 4;
    /** Idle connections are closed after this (a receiver's own keep-alive is often about as long). */
    static final TimeValue IDLE_FOR = TimeValue.ofSeconds(30);
    /** I/O threads per client: each multiplexes thousands of connections. */
    static final int IO_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** Every request carries its checked address; a lookup in the client would be a second, unchecked one. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("Webhook requests carry the address they were checked for: " + host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    private static final ContentType JSON = ContentType.create("application/json");

    @Inject
    DeliverySettings settings;

    @Inject
    Clock clock;

    @Inject
    WebhookTargets targets;

    /** The certificates verify_ssl receivers must chain to: the JVM's default trust (tests set their own). */
    SSLContext trustedRoots;

    private CloseableHttpAsyncClient verifying;
    private CloseableHttpAsyncClient trusting;

    @PostConstruct
    void init() {
        verifying = client("verifying", ClientTlsStrategyBuilder.create()
                .setSslContext(trustedRoots != null ? trustedRoots : defaultTls()).build());
        trusting = client("trusting", ClientTlsStrategyBuilder.create().setSslContext(trustAll())
                .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                .setHostnameVerifier(NoopHostnameVerifier.INSTANCE).build());
    }

    /** Graceful: closed at once, the reactor races its own shutdown (ClosedSelectorException, logged as an error). */
    @PreDestroy
    void close() {
        verifying.close(CloseMode.GRACEFUL);
        trusting.close(CloseMode.GRACEFUL);
    }

    private CloseableHttpAsyncClient client(String name, TlsStrategy tls) {
        Timeout timeout = Timeout.of(settings.timeout());
        int perReceiver = Math.max(64, settings.maxInFlight() * SUBSCRIPTIONS_PER_RECEIVER);
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setTlsStrategy(tls)
                        .setDnsResolver(NO_LOOKUPS)
                        .setMaxConnPerRoute(perReceiver)
                        .setMaxConnTotal(perReceiver * RECEIVERS_AT_FULL_SPEED)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout).setResponseTimeout(timeout)
                        .setRedirectsEnabled(false).build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(IO_THREADS).build())
                .setThreadFactory(new DefaultThreadFactory("eventlog-webhooks-" + name, true))
                .setUserAgent("Eventlog-Webhooks/1")
                .disableRedirectHandling()
                .disableAutomaticRetries() // one attempt, one POST: retries are the retry policy's
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression() // the bytes kept are the bytes sent
                .evictIdleConnections(IDLE_FOR)
                .build();
        client.start();
        return client;
    }

    public CompletableFuture<AttemptOutcome> post(WebhookRequest webhook) {
        long started = System.nanoTime();
        return targets.check(webhook.url())
                .thenCompose(target -> exchange(target, webhook))
                .handle((answer, error) -> outcome(answer, error, Duration.ofNanos(System.nanoTime() - started))
                        .signedWith(webhook.signedWith()));
    }

    private CompletableFuture<LimitedBody.Answer> exchange(WebhookTargets.Checked target, WebhookRequest webhook) {
        String name = target.host().startsWith("[") ? target.host().substring(1, target.host().length() - 1) : target.host();
        HttpHost checked = new HttpHost(target.uri().getScheme(), target.address(), name, target.port());
        AsyncRequestBuilder builder = AsyncRequestBuilder.post(target.uri());
        webhook.headers().forEach(h -> builder.addHeader(h.getKey(), h.getValue()));
        AsyncRequestProducer request = builder.setEntity(AsyncEntityProducers.create(webhook.body(), JSON)).build();
        CompletableFuture<LimitedBody.Answer> answer = new CompletableFuture<>();
        Future<LimitedBody.Answer> exchange;
        try {
            exchange = (webhook.verifySsl() ? verifying : trusting)
                    .execute(checked, request, new LimitedBody(RESPONSE_BYTES_KEPT), null, null, completing(answer));
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return answer;
        }
        // A body that trickles in past the timeout must not keep the attempt, or its connection, open either.
        answer.orTimeout(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> {
                    if (error != null) {
                        exchange.cancel(true);
                    }
                });
        return answer;
    }

    private static <T> FutureCallback<T> completing(CompletableFuture<T> future) {
        return new FutureCallback<>() {
            @Override
            public void completed(T result) {
                future.complete(result);
            }

            @Override
            public void failed(Exception error) {
                future.completeExceptionally(error);
            }

            @Override
            public void cancelled() {
                future.cancel(false);
            }
        };
    }

    private AttemptOutcome outcome(LimitedBody.Answer answer, Throwable error, Duration latency) {
        long millis = latency.toMillis();
        if (error != null) {
            Throwable cause = unwrap(error);
            if (cause instanceof IllegalArgumentException refused) {
                return AttemptOutcome.notSent("Not sent: " + refused.getMessage());
            }
            return new AttemptOutcome(null, millis, describe(cause), null, Optional.empty());
        }
        int status = answer.status();
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        String problem = null;
        if (status >= 300 && status < 400) {
            problem = "Redirect (HTTP " + status + ") not followed";
        } else if (status < 200 || status >= 300) {
            problem = "HTTP " + status;
        }
        Optional<Duration> retryAfter = (status == 429 || status == 503)
                ? answer.retryAfter().flatMap(v -> RetryPolicy.parseRetryAfter(v, clock.instant()))
                : Optional.empty();
        return new AttemptOutcome(status, millis, problem, body, retryAfter);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private String describe(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return cause.getMessage(); // WebhookTargets' own words: they name the URL's host, never an address
        }
        if (cause instanceof ConnectTimeoutException) {
            return "Connection timed out after " + settings.timeout().toSeconds() + " s";
        }
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
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

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
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
