package dev.clusterutils.cli;

import dev.clusterutils.camel.CamelLauncher;
import dev.clusterutils.run.MetricsFiles;
import dev.clusterutils.run.RunFactory;
import dev.clusterutils.run.UdpChannel;

/** The production wiring of a run: UDP messages, metrics.csv fallback, wall clock. */
final class Launchers {
    private Launchers() {
    }

    static CamelLauncher create() {
        return new CamelLauncher(new RunFactory(UdpChannel::open, new MetricsFiles(), System::currentTimeMillis));
    }
}
