package dev.eventlog.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks from being turned against the server's own network (SSRF): targets whose host
 * resolves to a loopback, private, link-local (cloud metadata included), carrier-grade NAT,
 * unique-local, multicast or unspecified address are refused, unless an operator allow-listed the
 * network. An IPv6 address that carries an IPv4 address (IPv4-mapped, -compatible and -translated,
 * NAT64, 6to4, Teredo) is judged by the IPv4 address too: a translator or relay would deliver to it.
 *
 * <p>Pure: no DNS here. {@link WebhookTargets} resolves the host and hands every address to
 * {@link #checkAddress}, and deliveries connect only to an address that passed.
 */
public final class AddressGuard {

    /**
     * The refusal, in the API's field error and the attempt log alike. It never names the address:
     * the address an internal name resolves to is what an attacker probing with subscriptions wants.
     */
    public static final String REFUSED = "Webhooks cannot target private, loopback or link-local addresses.";

    /** A URL of an acceptable form: the host to resolve and the port to connect to. */
    public record Target(URI uri, String host, int port) {
    }

    /** Checked before every attempt: byte by byte, without allocating. */
    private record Network(byte[] address, int prefix) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            for (int i = 0, bits = prefix; bits > 0; i++, bits -= 8) {
                int mask = (0xff << (8 - Math.min(bits, 8))) & 0xff;
                if (((candidate[i] ^ address[i]) & mask) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Network> FORBIDDEN = List.of(
            cidr("0.0.0.0/8"), cidr("10.0.0.0/8"), cidr("100.64.0.0/10"), cidr("127.0.0.0/8"),
            cidr("169.254.0.0/16"), cidr("172.16.0.0/12"), cidr("192.0.0.0/24"), cidr("192.168.0.0/16"),
            cidr("198.18.0.0/15"), cidr("224.0.0.0/4"), cidr("240.0.0.0/4"),
            cidr("::/128"), cidr("::1/128"), cidr("fc00::/7"), cidr("fe80::/10"), cidr("fec0::/10"), cidr("ff00::/8"),
            // Local-use NAT64 (RFC 8215): a site's own translator, whose prefix length (and so where
            // the IPv4 address sits) only that site knows.
            cidr("64:ff9b:1::/48"));

    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private final List<Network> allowed;

    public AddressGuard(List<String> allowedNetworks) {
        this.allowed = allowedNetworks.stream().map(String::trim).filter(s -> !s.isEmpty()).map(AddressGuard::cidr).toList();
    }

    /**
     * Checks everything but the addresses: an absolute http(s) URL with a host and no credentials.
     *
     * @throws IllegalArgumentException with a message fit for the API's field error
     */
    public Target checkForm(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("Must be an http or https URL.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Credentials in the URL are not allowed.");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("The URL has no host.");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Target(uri, host, port);
    }

    /** @throws IllegalArgumentException ({@link #REFUSED}) when webhooks may not go to this address */
    public void checkAddress(InetAddress address) {
        if (!allows(address)) {
            throw new IllegalArgumentException(REFUSED);
        }
    }

    /**
     * Allowed: the address is in an allow-listed network, or neither it nor the IPv4 address it
     * carries is in a forbidden one that the allow-list does not open.
     */
    public boolean allows(InetAddress address) {
        byte[] raw = address.getAddress();
        if (isAllowListed(raw)) {
            return true;
        }
        if (isForbidden(raw)) {
            return false;
        }
        byte[] ipv4 = embeddedIpv4(raw);
        return ipv4 == null || !isForbidden(ipv4) || isAllowListed(ipv4);
    }

    private boolean isAllowListed(byte[] address) {
        return allowed.stream().anyMatch(n -> n.contains(address));
    }

    private static boolean isForbidden(byte[] address) {
        return FORBIDDEN.stream().anyMatch(n -> n.contains(address));
    }

    /** The IPv4 address an IPv6 address carries, or null. */
    static byte[] embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return null;
        }
        if (isZero(a, 0, 10) && a[10] == (byte) 0xff && a[11] == (byte) 0xff // IPv4-mapped ::ffff:a.b.c.d
                || isZero(a, 0, 8) && a[8] == (byte) 0xff && a[9] == (byte) 0xff && isZero(a, 10, 12) // translated ::ffff:0:a.b.c.d
                || isZero(a, 0, 12) // IPv4-compatible ::a.b.c.d (:: and ::1 come out as 0.0.0.0 and 0.0.0.1, forbidden too)
                || Arrays.equals(a, 0, 12, NAT64, 0, 12)) { // NAT64 64:ff9b::a.b.c.d
            return Arrays.copyOfRange(a, 12, 16);
        }
        if (a[0] == 0x20 && a[1] == 0x02) { // 6to4 2002:AABB:CCDD::/48
            return Arrays.copyOfRange(a, 2, 6);
        }
        if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) { // Teredo 2001:0::/32, client address inverted
            byte[] client = Arrays.copyOfRange(a, 12, 16);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return client;
        }
        return null;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Network cidr(String text) {
        String[] parts = text.split("/");
        try {
            // Literals only: InetAddress parses them without a lookup.
            InetAddress address = InetAddress.getByName(parts[0]);
            int max = address instanceof Inet4Address ? 32 : 128;
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : max;
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("Bad network prefix in " + text);
            }
            return new Network(address.getAddress(), prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("Not a network: " + text, e);
        }
    }
}
