package dev.clusterutils.report;

import org.jfree.chart.text.TextUtils;

/**
 * Charts are drawn off-screen. Without this a report made over SSH with a stale DISPLAY, or on
 * a desktop session, would try to open a connection to a window system it does not need.
 * JFreeChart's workaround for an old JDK bug draws rotated text (vertical axis labels) as
 * glyph outlines; switched off, rotated labels stay real, searchable PDF text.
 */
final class Headless {
    private Headless() {
    }

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }
}
