package dev.clusterutils.dashboard;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;

/**
 * Whether and where the dashboard is served, from the {@code cu.http.*} properties (which the
 * {@code --http-port} and {@code --http-address} options set). Nothing is served without a port;
 * the address defaults to loopback, and any other address requires a token: the given
 * {@code cu.http.token}, else a random one made here (and printed by the command).
 *
 * @param port         1..65535, or 0 when the dashboard is off ({@code cu.http.port=0} asks for a free port, chosen here)
 * @param address      the address the server binds to
 * @param token        required as {@code ?token=} or {@code Authorization: Bearer}; null on loopback without one
 * @param camelConsole {@code cu.http.camel-console}: also serve Camel's route list and log lines
 */
public record HttpSettings(int port, String address, String token, boolean camelConsole) {
    public static final String PORT = "cu.http.port";
    public static final String ADDRESS = "cu.http.address";
    public static final String TOKEN = "cu.http.token";
    public static final String CAMEL_CONSOLE = "cu.http.camel-console";
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    public static HttpSettings off() {
        return new HttpSettings(0, DEFAULT_ADDRESS, null, false);
    }

    public boolean enabled() {
        return port > 0;
    }

    /** Reads the properties; malformed ones are an {@link IllegalArgumentException} naming the property. */
    public static HttpSettings from(Function<String, String> properties) {
        String p = trimmed(properties.apply(PORT));
        String console = trimmed(properties.apply(CAMEL_CONSOLE));
        if (console != null && !console.equalsIgnoreCase("true") && !console.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(CAMEL_CONSOLE + "=" + console + ": true or false");
        }
        if (p == null) {
            // no server of ours; a host serving the routes on its own server still has its token and switch
            return new HttpSettings(0, DEFAULT_ADDRESS, trimmed(properties.apply(TOKEN)), "true".equalsIgnoreCase(console));
        }
        int port;
        try {
            port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT + "=" + p + ": not a port number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + "=" + p + ": a port is 1 to 65535, or 0 for any free one");
        }
        String address = trimmed(properties.apply(ADDRESS));
        address = address == null ? DEFAULT_ADDRESS : address;
        if (port == 0) {
            // two servers on one machine, or a test, need not pick ports by hand; the page's address is printed
            port = freePort(address);
        }
        boolean loopback = isLoopback(address);
        String token = trimmed(properties.apply(TOKEN));
        if (token == null && !loopback) {
            token = newToken();
        }
        return new HttpSettings(port, address, token, "true".equalsIgnoreCase(console));
    }

    /**
     * Fails when the address and port cannot be bound now (taken, or not an address of this
     * machine): Camel's HTTP server only logs that and the run would go on without its page.
     */
    public void checkBindable() throws IOException {
        if (!enabled()) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (IOException e) {
            throw new IOException(address + ":" + port + " cannot be bound for the dashboard: " + e.getMessage(), e);
        }
    }

    private static int freePort(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalArgumentException(ADDRESS + "=" + address + ": no port can be bound there: " + e.getMessage());
        }
    }

    /** True for 127.0.0.0/8, ::1 and names that resolve only there ({@code localhost}); false for 0.0.0.0. */
    static boolean isLoopback(String address) {
        try {
            InetAddress[] all = InetAddress.getAllByName(address);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ADDRESS + "=" + address + ": not an address of this machine");
        }
    }

    public boolean loopback() {
        return isLoopback(address);
    }

    /** 256 random bits, URL-safe. */
    static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The page's address as a user opens it: the token in the query when one is needed. */
    public String url() {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        if ("0.0.0.0".equals(address) || "::".equals(address) || "[::]".equals(host)) {
            host = hostName();
        }
        return "http://" + host + ":" + port + "/" + (token == null ? "" : "?token=" + token);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
