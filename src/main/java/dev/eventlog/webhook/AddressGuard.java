package dev.eventlog.webhook;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks from being turned against the server's own network (SSRF): targets whose host
 * resolves to a loopback, private, link-local (cloud metadata included), carrier-grade NAT,
 * unique-local, multicast or unspecified address are refused, unless an operator allow-listed the
 * network. Checked when a subscription is saved and again before every attempt.
 */
public final class AddressGuard {

    private record Network(byte[] address, int prefix) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).xor(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, address).and(mask));
        }
    }

    private static final List<Network> FORBIDDEN = List.of(
            cidr("0.0.0.0/8"), cidr("10.0.0.0/8"), cidr("100.64.0.0/10"), cidr("127.0.0.0/8"),
            cidr("169.254.0.0/16"), cidr("172.16.0.0/12"), cidr("192.0.0.0/24"), cidr("192.168.0.0/16"),
            cidr("198.18.0.0/15"), cidr("224.0.0.0/4"), cidr("240.0.0.0/4"),
            cidr("::/128"), cidr("::1/128"), cidr("fc00::/7"), cidr("fe80::/10"), cidr("ff00::/8"));

    private final List<Network> allowed;

    public AddressGuard(List<String> allowedNetworks) {
        this.allowed = allowedNetworks.stream().map(String::trim).filter(s -> !s.isEmpty()).map(AddressGuard::cidr).toList();
    }

    /** @throws IllegalArgumentException with a message fit for the API's field error */
    public void checkUrl(String url) {
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
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("The host " + host + " could not be resolved.");
        }
        for (InetAddress address : addresses) {
            checkAddress(address);
        }
    }

    public void checkAddress(InetAddress address) {
        byte[] bytes = embeddedIpv4(address);
        boolean forbidden = FORBIDDEN.stream().anyMatch(n -> n.contains(bytes)) || address.isAnyLocalAddress()
                || address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress();
        if (forbidden && allowed.stream().noneMatch(n -> n.contains(bytes) || n.contains(address.getAddress()))) {
            throw new IllegalArgumentException("Webhooks cannot target private, loopback or link-local addresses ("
                    + address.getHostAddress() + ").");
        }
    }

    /** IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are judged as the IPv4 address they carry. */
    private static byte[] embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && bytes.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
                return new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]};
            }
        }
        return bytes;
    }

    private static Network cidr(String text) {
        String[] parts = text.split("/");
        try {
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
