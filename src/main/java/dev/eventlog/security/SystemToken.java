package dev.eventlog.security;

import dev.eventlog.platform.id.Ids;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's bootstrap secret (eventlog.system-token, env EVENTLOG_SYSTEM_TOKEN). When none is
 * configured a random one is made at start and written to the server log, so a fresh install can
 * be bootstrapped without a default password that someone forgets to change.
 */
@ApplicationScoped
public class SystemToken {

    private static final Logger LOG = Logger.getLogger(SystemToken.class.getName());

    @Inject
    @ConfigProperty(name = "eventlog.system-token")
    Optional<String> configured;

    private String token;

    @PostConstruct
    void init() {
        token = configured.filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            token = "sys_" + Ids.randomToken(24);
            LOG.warning("No eventlog.system-token configured; generated system token for this run: " + token);
        }
    }

    /** Created at deployment, not on first use, so a generated token is in the log from the start. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // the observer's only job is to instantiate the bean
    }

    boolean matches(String secret) {
        return KeyHash.sameSecret(token, secret);
    }
}
