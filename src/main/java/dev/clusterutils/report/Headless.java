package dev.clusterutils.report;

/**
 * Charts are drawn off-screen. Without this a report made over SSH with a stale DISPLAY, or on
 * a desktop session, would try to open a connection to a window system it does not need.
 */
final class Headless {
    private Headless() {
    }

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
