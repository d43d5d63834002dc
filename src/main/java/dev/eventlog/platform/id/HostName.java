package dev.eventlog.platform.id;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, for rows that say which node wrote them (an operator reads them). */
public final class HostName {

    private HostName() {
    }

    public static String local() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown" : fromEnvironment;
        }
    }
}
