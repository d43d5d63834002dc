package dev.eventlog.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Where a webhook URL may be sent: its form is checked, its host resolved (off the caller's
 * thread, within the webhook timeout) and every address it resolves to checked by the
 * {@link AddressGuard}. Deliveries connect to the {@link Checked#address()} handed out here and
 * to nothing else, so a DNS answer that changes after the check (rebinding) cannot redirect them.
 * Used when a subscription is saved and before every attempt.
 */
@ApplicationScoped
public class WebhookTargets {

    /** A target whose addresses all passed the guard; {@code address} is the one to connect to. */
    public record Checked(URI uri, String host, int port, InetAddress address) {
    }

    @Inject
    WebhookSettings settings;

    private AddressGuard guard;
    private ResolvedHosts hosts;
    private Duration timeout;

    /** With the given parts instead of the configured ones (tests: a resolver that rebinds or hangs). */
    public static WebhookTargets of(AddressGuard guard, ResolvedHosts hosts, Duration timeout) {
        WebhookTargets targets = new WebhookTargets();
        targets.guard = guard;
        targets.hosts = hosts;
        targets.timeout = timeout;
        return targets;
    }

    @PostConstruct
    void init() {
        guard = settings.addressGuard();
        timeout = settings.timeout();
        hosts = ResolvedHosts.system();
    }

    @PreDestroy
    void close() {
        hosts.close();
    }

    /**
     * @return the checked target; fails with {@link IllegalArgumentException} (a bad URL or a
     *     forbidden address: not worth sending) or {@link UnknownHostException} (no address, or none
     *     within the timeout), each with a message fit for the API's field error and the attempt log
     */
    public CompletableFuture<Checked> check(String url) {
        AddressGuard.Target target;
        try {
            target = guard.checkForm(url);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return hosts.resolve(target.host(), timeout).handle((addresses, error) -> {
            if (error != null) {
                throw new CompletionException(unresolved(target.host(), error));
            }
            addresses.forEach(guard::checkAddress);
            return new Checked(target.uri(), target.host(), target.port(), addresses.get(0));
        });
    }

    /**
     * For the subscription API: waits (at most the timeout) for {@link #check}.
     *
     * @throws IllegalArgumentException with a message fit for the API's field error
     */
    public void checkNow(String url) {
        try {
            check(url).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        }
    }

    private UnknownHostException unresolved(String host, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return new UnknownHostException(cause instanceof TimeoutException
                ? "The host " + host + " could not be resolved within " + timeout.toSeconds() + " s."
                : "The host " + host + " could not be resolved.");
    }
}
