package dev.eventlog.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Literal addresses and localhost only: these tests never resolve a public name or connect. */
class AddressGuardTest {

    private final AddressGuard strict = new AddressGuard(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://10.0.0.5/", "http://172.16.3.4/", "http://172.31.255.255/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/",
            "http://[::1]/", "http://[fe80::1]/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:10.1.2.3]/", "http://224.0.0.1/", "http://localhost:8080/"})
    void refusesPrivateTargets(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strict.checkUrl(url));
        assertTrue(e.getMessage().contains("private"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "http://172.32.0.1/", "http://[2606:4700::1111]/x"})
    void allowsPublicTargets(String url) {
        assertDoesNotThrow(() -> strict.checkUrl(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/", "/relative", "http://user:pw@93.184.216.34/", "http:///nohost", "not a url"})
    void refusesWhatIsNotAPlainHttpUrl(String url) {
        assertThrows(IllegalArgumentException.class, () -> strict.checkUrl(url));
    }

    @Test
    void anAllowListOpensExactlyItsNetworks() {
        AddressGuard loopback = new AddressGuard(List.of("127.0.0.0/8"));
        assertDoesNotThrow(() -> loopback.checkUrl("http://127.0.0.1:8080/"));
        assertDoesNotThrow(() -> loopback.checkUrl("http://127.9.9.9/"));
        assertThrows(IllegalArgumentException.class, () -> loopback.checkUrl("http://10.0.0.5/"));

        AddressGuard one = new AddressGuard(List.of("10.1.2.3/32"));
        assertDoesNotThrow(() -> one.checkUrl("http://10.1.2.3/"));
        assertThrows(IllegalArgumentException.class, () -> one.checkUrl("http://10.1.2.4/"));
    }
}
