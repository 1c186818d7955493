package dev.clusterutils.cli;

import dev.clusterutils.camel.CamelLauncher;
import dev.clusterutils.camel.CuStages;
import dev.clusterutils.camel.MainProperties;
import dev.clusterutils.camel.ServeLauncher;
import dev.clusterutils.dashboard.HttpSettings;
import dev.clusterutils.run.RunFactory;

/** The production wiring of a run: UDP messages, metrics.csv fallback, wall clock. */
final class Launchers {
    private Launchers() {
    }

    static CamelLauncher create(MainProperties properties, HttpSettings http) {
        return new CamelLauncher(RunFactory.production(), properties, http);
    }

    static ServeLauncher serve(MainProperties properties, HttpSettings http) {
        return new ServeLauncher(CuStages.production(), properties, http);
    }
}
