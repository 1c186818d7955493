package dev.clusterutils.cli;

import dev.clusterutils.dashboard.HttpSettings;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The dashboard's options, shared by grid_search, hp_optimization and serve; they set the {@code cu.http.*} properties. */
final class HttpOptions {
    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the live dashboard, its JSON API, /metrics and /health on this port, 0 for any free one (or the property cu.http.port).")
    Integer port;

    @Option(names = "--http-address", paramLabel = "IP",
            description = "Address the dashboard binds to (default: 127.0.0.1; cu.http.address). Any other address needs an "
                    + "access token: cu.http.token, else one is made and printed.")
    String address;

    /** The options as properties, to put over the others. */
    Map<String, String> properties() {
        Map<String, String> m = new LinkedHashMap<>();
        if (port != null) {
            m.put(HttpSettings.PORT, port.toString());
        }
        if (address != null) {
            m.put(HttpSettings.ADDRESS, address);
        }
        return m;
    }

    /** The line a user reads to open the page, and a warning when the page is reachable from other machines. */
    static void announce(HttpSettings http, PrintStream out) {
        if (!http.enabled()) {
            return;
        }
        out.println("Dashboard: " + http.url());
        if (!http.loopback()) {
            out.println("The dashboard listens on " + http.address() + ", beyond this machine: every request needs the token "
                    + "above (?token=... or Authorization: Bearer ...).");
        }
    }
}
