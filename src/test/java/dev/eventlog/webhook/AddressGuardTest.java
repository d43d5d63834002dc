package dev.eventlog.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Literal addresses and localhost only: these tests never resolve a public name or connect. */
class AddressGuardTest {

    private final AddressGuard strict = new AddressGuard(List.of());
    private final ResolvedHosts system = ResolvedHosts.system();

    @AfterEach
    void stopLookups() {
        system.close();
    }

    /** The whole check a subscription's URL gets: form, lookup (the system's), every address. */
    private void checkUrl(AddressGuard guard, String url) {
        WebhookTargets.of(guard, system, Duration.ofSeconds(5)).checkNow(url);
    }

    private static InetAddress literal(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://10.0.0.5/", "http://172.16.3.4/", "http://172.31.255.255/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/",
            "http://[::1]/", "http://[fe80::1]/", "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:10.1.2.3]/", "http://224.0.0.1/", "http://localhost:8080/", "http://2130706433/",
            "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "http://[2002:a9fe:a9fe::1]/", "http://[::127.0.0.1]/",
            "http://[::ffff:0:10.0.0.1]/", "http://198.19.255.255/", "http://100.127.255.255/", "http://[fec0::1]/"})
    void refusesPrivateTargetsWithoutNamingTheAddress(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> checkUrl(strict, url));
        assertEquals(AddressGuard.REFUSED, e.getMessage(), "says only that the target is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "http://172.32.0.1/", "http://[2606:4700::1111]/x",
            "http://[64:ff9b::5db8:d822]/", "http://[2002:5db8:d822::1]/",
            "http://198.20.0.1/", "http://100.128.0.1/", "http://100.63.255.255/", "http://[fe00::1]/"})
    void allowsPublicTargets(String url) {
        assertDoesNotThrow(() -> checkUrl(strict, url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/", "/relative", "http://user:pw@93.184.216.34/", "http:///nohost", "not a url",
            "http://127.1/"})
    void refusesWhatIsNotAPlainHttpUrl(String url) {
        assertThrows(IllegalArgumentException.class, () -> strict.checkForm(url));
    }

    @Test
    void anAllowListOpensExactlyItsNetworks() {
        AddressGuard loopback = new AddressGuard(List.of("127.0.0.0/8"));
        assertDoesNotThrow(() -> checkUrl(loopback, "http://127.0.0.1:8080/"));
        assertDoesNotThrow(() -> checkUrl(loopback, "http://127.9.9.9/"));
        assertThrows(IllegalArgumentException.class, () -> checkUrl(loopback, "http://10.0.0.5/"));

        AddressGuard one = new AddressGuard(List.of("10.1.2.3/32"));
        assertDoesNotThrow(() -> checkUrl(one, "http://10.1.2.3/"));
        assertThrows(IllegalArgumentException.class, () -> checkUrl(one, "http://10.1.2.4/"));
    }

    /** Each IPv6 form carries 127.0.0.1, 10.0.0.1, 169.254.169.254 or 192.168.1.1 in its own way. */
    @ParameterizedTest
    @ValueSource(strings = {
            "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::169.254.169.254", // NAT64, RFC 6052
            "64:ff9b:1::a00:1", "64:ff9b:1:ffff::1", "64:ff9b:1:7f00:0:100::", // local-use NAT64, any embedding
            "2002:7f00:1::", "2002:a9fe:a9fe:1::1", "2002:c0a8:101::", // 6to4: bits 16-48
            "::127.0.0.1", "::a00:1", "::169.254.169.254", // IPv4-compatible
            "::ffff:0:127.0.0.1", "::ffff:0:a00:1", "::ffff:0:a9fe:a9fe", // IPv4-translated
            "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo, client 127.0.0.1 inverted
    })
    void refusesIpv6FormsCarryingAForbiddenIpv4(String text) throws Exception {
        InetAddress address = literal(text);
        assertTrue(address instanceof Inet6Address, text + " stays IPv6");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strict.checkAddress(address));
        assertEquals(AddressGuard.REFUSED, e.getMessage());
    }

    @Test
    void refusesIpv4MappedAddressesAlsoWhenKeptAsIpv6() throws Exception {
        // InetAddress turns "::ffff:127.0.0.1" into an Inet4Address; a resolver may hand back the 16 bytes as they are.
        for (String v4 : List.of("7f000001", "0a000001", "a9fea9fe")) {
            InetAddress mapped = Inet6Address.getByAddress(null, HexFormat.of().parseHex("00000000000000000000ffff" + v4), -1);
            assertFalse(strict.allows(mapped), mapped.toString());
        }
        assertFalse(strict.allows(literal("::ffff:127.0.0.1")));
        assertTrue(strict.allows(Inet6Address.getByAddress(null, HexFormat.of().parseHex("00000000000000000000ffff5db8d822"), -1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::5db8:d822", "2002:5db8:d822::1", "::ffff:0:93.184.216.34",
            "2001:0:4136:e378:8000:63bf:a247:27dd"}) // Teredo client 93.184.216.34, inverted
    void allowsThoseFormsCarryingAPublicIpv4(String text) throws Exception {
        assertTrue(strict.allows(literal(text)), text);
    }

    @Test
    void theAllowListOpensAnIpv4NetworkInEveryForm() throws Exception {
        AddressGuard loopback = new AddressGuard(List.of("127.0.0.0/8"));
        for (String text : List.of("64:ff9b::7f00:1", "2002:7f00:1::", "::ffff:0:127.0.0.1", "::127.0.0.2")) {
            assertTrue(loopback.allows(literal(text)), text);
        }
        assertFalse(loopback.allows(literal("64:ff9b::a00:1")), "10.0.0.1 stays closed");
        assertFalse(loopback.allows(literal("64:ff9b:1::7f00:1")), "local-use NAT64 is opened by its own network only");
        assertTrue(new AddressGuard(List.of("64:ff9b:1::/48")).allows(literal("64:ff9b:1::7f00:1")));
    }

    @Test
    void aHostThatDoesNotResolveIsNamedButNoAddressIs() {
        try (ResolvedHosts nxdomain = new ResolvedHosts(host -> {
            throw new UnknownHostException(host);
        }, Duration.ofSeconds(30), Duration.ofSeconds(5))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WebhookTargets.of(strict, nxdomain, Duration.ofSeconds(5)).checkNow("https://hooks.example.test/x"));
            assertEquals("The host hooks.example.test could not be resolved.", e.getMessage());
        }
    }

    @Test
    void aNameResolvingToOnePrivateAddressAmongPublicOnesIsRefused() {
        try (ResolvedHosts split = new ResolvedHosts(host -> List.of(literal("93.184.216.34"), literal("10.0.0.7")),
                Duration.ofSeconds(30), Duration.ofSeconds(5))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WebhookTargets.of(strict, split, Duration.ofSeconds(5)).checkNow("https://split.example.test/"));
            assertEquals(AddressGuard.REFUSED, e.getMessage());
            assertFalse(e.getMessage().contains("10.0.0.7"));
        }
    }
}
