package dev.eventlog.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Webhook limits and allow-lists from MicroProfile Config (environment: EVENTLOG_WEBHOOK_...). */
@ApplicationScoped
public class WebhookSettings {

    @Inject
    @ConfigProperty(name = "eventlog.webhook.max-per-organization", defaultValue = "40")
    int maxPerOrganization;

    @Inject
    @ConfigProperty(name = "eventlog.webhook.max-with-automation", defaultValue = "500")
    int maxWithAutomation;

    /** Automation platforms (Zapier and the like) create one subscription per user "zap". */
    @Inject
    @ConfigProperty(name = "eventlog.webhook.automation-hosts",
            defaultValue = "zapier.com,backendless.com,integrately.com,customer.io")
    List<String> automationHosts;

    /**
     * Read for eventlog.webhook.allowed-networks: networks a webhook may target although private
     * (CIDRs); empty in production. Asked of {@link Config} rather than injected as
     * {@code Optional<List<String>>}, which Payara 6's config producer cannot make (a
     * ClassCastException on the list's type at every use).
     */
    @Inject
    Config config;

    /** Per attempt: the DNS lookup, the connection, the answer (each); also the lookup when a subscription is saved. */
    @Inject
    @ConfigProperty(name = "eventlog.webhook.timeout-seconds", defaultValue = "10")
    int timeoutSeconds;

    /** Terms (filters and the values in them) of one extra_filter; real filters have a dozen. */
    @Inject
    @ConfigProperty(name = "eventlog.webhook.max-filter-terms", defaultValue = "100")
    int maxFilterTerms;

    /** Terms of all of one subscription's extra_filters together: what one event may cost it. */
    @Inject
    @ConfigProperty(name = "eventlog.webhook.max-filter-terms-per-subscription", defaultValue = "500")
    int maxFilterTermsPerSubscription;

    public int maxPerOrganization() {
        return maxPerOrganization;
    }

    public int maxWithAutomation() {
        return maxWithAutomation;
    }

    private AddressGuard addressGuard;
    private FilterLimits filterLimits;

    @PostConstruct
    void init() {
        addressGuard = new AddressGuard(
                config.getOptionalValues("eventlog.webhook.allowed-networks", String.class).orElse(List.of()));
        filterLimits = new FilterLimits(maxFilterTerms, maxFilterTermsPerSubscription);
    }

    public FilterLimits filterLimits() {
        return filterLimits;
    }

    /** Built once: it is consulted before every delivery attempt. */
    public AddressGuard addressGuard() {
        return addressGuard;
    }

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    public boolean isAutomationPlatform(String url) {
        String host = URI.create(url).getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return automationHosts.stream().map(a -> a.trim().toLowerCase(Locale.ROOT))
                .anyMatch(a -> !a.isEmpty() && (h.equals(a) || h.endsWith("." + a)));
    }
}
