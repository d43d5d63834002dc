package dev.eventlog.it;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Masks the suite's eventlog.system-token (a system property of the test server) in the one
 * deployment that registers it ({@link #register}), so that deployment generates its token as an
 * unconfigured install does. Blank rather than empty: blank counts as unset in SystemToken, and
 * an empty value's meaning differs between Config implementations.
 */
public class NoSystemTokenConfigured implements ConfigSource {

    private static final Map<String, String> VALUES = Map.of("eventlog.system-token", " ");

    public static org.jboss.shrinkwrap.api.spec.WebArchive register(org.jboss.shrinkwrap.api.spec.WebArchive war) {
        return war.addAsResource(new org.jboss.shrinkwrap.api.asset.StringAsset(NoSystemTokenConfigured.class.getName()),
                "META-INF/services/" + ConfigSource.class.getName());
    }

    @Override
    public Set<String> getPropertyNames() {
        return VALUES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public String getName() {
        return getClass().getSimpleName();
    }

    @Override
    public int getOrdinal() {
        return 1_000; // above the system properties (400)
    }
}
