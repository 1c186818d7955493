package dev.clusterutils.report;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * Colour scales for heat maps and coloured points, interpolated between a few anchor colours:
 * viridis (sequential, readable in grey and by most colour-blind readers) and a blue-white-red
 * diverging scale for correlations.
 */
final class ColorScale implements PaintScale {
    private static final Color[] VIRIDIS = {
        new Color(0x44, 0x01, 0x54), new Color(0x48, 0x28, 0x78), new Color(0x3E, 0x4A, 0x89), new Color(0x31, 0x68, 0x8E),
        new Color(0x26, 0x82, 0x8E), new Color(0x1F, 0x9E, 0x89), new Color(0x35, 0xB7, 0x79), new Color(0x6D, 0xCD, 0x59),
        new Color(0xB4, 0xDE, 0x2C), new Color(0xFD, 0xE7, 0x25)};
    private static final Color[] DIVERGING = {
        new Color(0x3B, 0x4C, 0xC0), new Color(0x8D, 0xB0, 0xFE), new Color(0xF2, 0xF2, 0xF2), new Color(0xF4, 0x9A, 0x7B),
        new Color(0xB4, 0x04, 0x26)};
    static final Color MISSING = new Color(0xDD, 0xDD, 0xDD);

    private final double lower;
    private final double upper;
    private final Color[] anchors;
    private final boolean log;

    private ColorScale(double lower, double upper, Color[] anchors, boolean log) {
        this.lower = lower;
        this.upper = upper > lower ? upper : lower + 1;
        this.anchors = anchors;
        this.log = log;
    }

    static ColorScale viridis(double lower, double upper) {
        return new ColorScale(lower, upper, VIRIDIS, false);
    }

    /**
     * Viridis over the logarithm when the values are positive and span at least two decades:
     * on a linear scale one large value turns every other cell the same dark colour.
     */
    static ColorScale viridisFor(double lower, double upper) {
        return spansDecades(lower, upper) ? new ColorScale(lower, upper, VIRIDIS, true) : viridis(lower, upper);
    }

    static boolean spansDecades(double lower, double upper) {
        return lower > 0 && Double.isFinite(upper) && upper / lower >= 100;
    }

    boolean log() {
        return log;
    }

    static ColorScale diverging(double lower, double upper) {
        return new ColorScale(lower, upper, DIVERGING, false);
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return color(value);
    }

    Color color(double value) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        double t = log ? Math.log(Math.max(value, lower) / lower) / Math.log(upper / lower) : (value - lower) / (upper - lower);
        t = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int i = Math.min((int) t, anchors.length - 2);
        double f = t - i;
        Color a = anchors[i];
        Color b = anchors[i + 1];
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * f),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * f));
    }

    /** Black or white, whichever reads better on {@code background}. */
    static Color textOn(Color background) {
        double luminance = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luminance > 140 ? Color.BLACK : Color.WHITE;
    }
}
