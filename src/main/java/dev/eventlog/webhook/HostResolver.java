package dev.eventlog.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks up a host's addresses, blocking while it does. {@link ResolvedHosts} calls it on threads
 * of its own; tests replace the system resolver with one that rebinds or hangs.
 */
@FunctionalInterface
public interface HostResolver {

    /** The platform's resolver (hosts file, DNS, whatever the system is set up with). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** @throws UnknownHostException when the host has no address */
    List<InetAddress> lookup(String host) throws UnknownHostException;
}
