package dev.clusterutils.report.pdf;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsConfiguration;
import java.awt.Image;
import java.awt.Paint;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.awt.image.ImageObserver;
import java.awt.image.RenderedImage;
import java.awt.image.renderable.RenderableImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.AttributedCharacterIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

/**
 * A {@link Graphics2D} that writes PDF drawing operators into a PDFBox content stream, so
 * JFreeChart charts become vector graphics with real (searchable) text instead of bitmaps.
 *
 * <p>Java2D state (transform, clip, paint, stroke, font) lives in each graphics object; the
 * content stream's state is tracked in the shared {@link Canvas} and brought in line lazily
 * before each drawing operation. PDF can only narrow a clip, so a changed clip restores the
 * saved state and applies the new clip from scratch. Text is set in the standard PDF fonts
 * (Helvetica, Times, Courier) and stretched horizontally to the width Java2D measured, because
 * JFreeChart lays text out with AWT metrics; text those fonts cannot encode is drawn as outlines.
 */
public final class PdfGraphics2D extends Graphics2D {

    /** What the content stream currently has, shared by a graphics object and its {@link #create} copies. */
    private static final class Canvas {
        final PDDocument document;
        final PDPageContentStream stream;
        final AffineTransform page;
        final double pageScale;
        final Rectangle2D bounds;
        final Graphics2D metrics;
        final Map<Float, PDExtendedGraphicsState> alphaStates = new HashMap<>();
        Shape clip;
        boolean clipKnown;
        Color fill;
        Color strokeColor;
        float fillAlpha = 1f;
        float strokeAlpha = 1f;
        float lineWidth = -1f;
        BasicStroke stroke;

        Canvas(PDDocument document, PDPageContentStream stream, AffineTransform page, double pageScale, Rectangle2D bounds) {
            this.document = document;
            this.stream = stream;
            this.page = page;
            this.pageScale = pageScale;
            this.bounds = bounds;
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
            this.metrics = scratch.createGraphics();
            metrics.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            metrics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        }

        void forgetStyle() {
            fill = null;
            strokeColor = null;
            fillAlpha = 1f;
            strokeAlpha = 1f;
            lineWidth = -1f;
            stroke = null;
        }
    }

    private final Canvas canvas;
    private AffineTransform transform;
    private Shape clip; // in device space (the chart's pixel space before the page transform); null = none
    private Paint paint = Color.BLACK;
    private Color background = Color.WHITE;
    private Stroke stroke = new BasicStroke(1f);
    private Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private Composite composite = AlphaComposite.SrcOver;
    private final Map<RenderingHints.Key, Object> hints;

    /**
     * Draws into {@code stream} a {@code width x height} area whose top-left corner is at PDF
     * coordinates ({@code x}, {@code top}); one Java2D unit is {@code scale} PDF points.
     * Call {@link #finish()} when the drawing is complete.
     */
    public PdfGraphics2D(PDDocument document, PDPageContentStream stream, float x, float top, float width, float height,
                         float scale) {
        AffineTransform page = new AffineTransform(scale, 0, 0, -scale, x, top);
        this.canvas = new Canvas(document, stream, page, scale, new Rectangle2D.Double(0, 0, width, height));
        this.transform = new AffineTransform();
        this.hints = new HashMap<>();
        hints.put(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        hints.put(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        try {
            stream.saveGraphicsState(); // the chart's own state, restored by finish()
            stream.saveGraphicsState(); // the clip level, replaced whenever the clip changes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        canvas.clip = null;
        canvas.clipKnown = true;
        this.clip = new Rectangle2D.Double(0, 0, width, height);
    }

    private PdfGraphics2D(PdfGraphics2D parent) {
        this.canvas = parent.canvas;
        this.transform = new AffineTransform(parent.transform);
        this.clip = parent.clip;
        this.paint = parent.paint;
        this.background = parent.background;
        this.stroke = parent.stroke;
        this.font = parent.font;
        this.composite = parent.composite;
        this.hints = new HashMap<>(parent.hints);
    }

    /** Closes the graphics states opened by the constructor; the stream is then as before. */
    public void finish() {
        try {
            canvas.stream.restoreGraphicsState();
            canvas.stream.restoreGraphicsState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- state synchronisation -------------------------------------------------------------

    private void syncClip() throws IOException {
        if (canvas.clipKnown && sameShape(canvas.clip, clip)) {
            return;
        }
        PDPageContentStream s = canvas.stream;
        s.restoreGraphicsState();
        s.saveGraphicsState();
        canvas.forgetStyle();
        if (clip != null) {
            if (appendPath(clip, canvas.page)) {
                s.clip();
            }
        }
        canvas.clip = clip;
        canvas.clipKnown = true;
    }

    private static boolean sameShape(Shape a, Shape b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Rectangle2D ra && b instanceof Rectangle2D rb) {
            return ra.equals(rb);
        }
        return false;
    }

    private float alphaOf(Color c) {
        float a = c.getAlpha() / 255f;
        if (composite instanceof AlphaComposite ac) {
            a *= ac.getAlpha();
        }
        return a;
    }

    private Color solid(Paint p) {
        if (p instanceof Color c) {
            return c;
        }
        if (p instanceof GradientPaint gp) {
            Color a = gp.getColor1();
            Color b = gp.getColor2();
            return new Color((a.getRed() + b.getRed()) / 2, (a.getGreen() + b.getGreen()) / 2, (a.getBlue() + b.getBlue()) / 2,
                    (a.getAlpha() + b.getAlpha()) / 2);
        }
        return Color.GRAY;
    }

    private PDExtendedGraphicsState alphaState(float alpha, boolean fillSide) {
        float key = fillSide ? alpha : -1f - alpha; // separate caches for fill and stroke alpha
        return canvas.alphaStates.computeIfAbsent(key, k -> {
            PDExtendedGraphicsState gs = new PDExtendedGraphicsState();
            if (fillSide) {
                gs.setNonStrokingAlphaConstant(alpha);
            } else {
                gs.setStrokingAlphaConstant(alpha);
            }
            return gs;
        });
    }

    /** Returns false when the current paint is fully transparent, so nothing needs drawing. */
    private boolean syncFill() throws IOException {
        syncClip();
        Color c = solid(paint);
        float alpha = alphaOf(c);
        if (alpha <= 0f) {
            return false;
        }
        Color opaque = new Color(c.getRed(), c.getGreen(), c.getBlue());
        if (!opaque.equals(canvas.fill)) {
            canvas.stream.setNonStrokingColor(opaque);
            canvas.fill = opaque;
        }
        if (alpha != canvas.fillAlpha) {
            canvas.stream.setGraphicsStateParameters(alphaState(alpha, true));
            canvas.fillAlpha = alpha;
        }
        return true;
    }

    private boolean syncStroke(BasicStroke bs) throws IOException {
        syncClip();
        Color c = solid(paint);
        float alpha = alphaOf(c);
        if (alpha <= 0f) {
            return false;
        }
        PDPageContentStream s = canvas.stream;
        Color opaque = new Color(c.getRed(), c.getGreen(), c.getBlue());
        if (!opaque.equals(canvas.strokeColor)) {
            s.setStrokingColor(opaque);
            canvas.strokeColor = opaque;
        }
        if (alpha != canvas.strokeAlpha) {
            s.setGraphicsStateParameters(alphaState(alpha, false));
            canvas.strokeAlpha = alpha;
        }
        float scale = (float) (canvas.pageScale * Math.sqrt(Math.abs(transform.getDeterminant())));
        float width = Math.max(bs.getLineWidth() * scale, 0.1f); // Java2D's width 0 means "thinnest line"
        if (width != canvas.lineWidth) {
            s.setLineWidth(width);
            canvas.lineWidth = width;
        }
        BasicStroke previous = canvas.stroke;
        if (previous == null || previous.getEndCap() != bs.getEndCap()) {
            s.setLineCapStyle(switch (bs.getEndCap()) {
                case BasicStroke.CAP_ROUND -> 1;
                case BasicStroke.CAP_SQUARE -> 2;
                default -> 0;
            });
        }
        if (previous == null || previous.getLineJoin() != bs.getLineJoin()) {
            s.setLineJoinStyle(switch (bs.getLineJoin()) {
                case BasicStroke.JOIN_ROUND -> 1;
                case BasicStroke.JOIN_BEVEL -> 2;
                default -> 0;
            });
        }
        if (previous == null || previous.getMiterLimit() != bs.getMiterLimit()) {
            s.setMiterLimit(Math.max(1f, bs.getMiterLimit()));
        }
        if (previous == null || !Arrays.equals(previous.getDashArray(), bs.getDashArray())
                || previous.getDashPhase() != bs.getDashPhase() || previous.getLineWidth() != bs.getLineWidth()) {
            float[] dash = bs.getDashArray();
            if (dash == null) {
                s.setLineDashPattern(new float[0], 0);
            } else {
                float[] scaled = new float[dash.length];
                for (int i = 0; i < dash.length; i++) {
                    scaled[i] = dash[i] * scale;
                }
                s.setLineDashPattern(scaled, bs.getDashPhase() * scale);
            }
        }
        canvas.stroke = bs;
        return true;
    }

    /**
     * Appends {@code shape} as a path; returns false if it has no segments or a coordinate that
     * is not finite (a renderer given NaN data), in which case nothing is written.
     */
    private boolean appendPath(Shape shape, AffineTransform t) throws IOException {
        PathIterator it = shape.getPathIterator(t);
        int n = 0;
        int[] types = new int[16];
        double[] coords = new double[96];
        double[] c = new double[6];
        while (!it.isDone()) {
            int type = it.currentSegment(c);
            for (int k = 0; k < 6; k++) {
                if (!Double.isFinite(c[k]) && k < points(type) * 2) {
                    return false;
                }
            }
            if (n == types.length) {
                types = Arrays.copyOf(types, n * 2);
                coords = Arrays.copyOf(coords, n * 12);
            }
            types[n] = type;
            System.arraycopy(c, 0, coords, n * 6, 6);
            n++;
            it.next();
        }
        PDPageContentStream s = canvas.stream;
        double lastX = 0;
        double lastY = 0;
        for (int i = 0; i < n; i++) {
            int o = i * 6;
            switch (types[i]) {
                case PathIterator.SEG_MOVETO -> s.moveTo((float) coords[o], (float) coords[o + 1]);
                case PathIterator.SEG_LINETO -> s.lineTo((float) coords[o], (float) coords[o + 1]);
                case PathIterator.SEG_QUADTO -> {
                    // PDF has cubic curves only; raising the degree is exact
                    double qx = coords[o];
                    double qy = coords[o + 1];
                    double x = coords[o + 2];
                    double y = coords[o + 3];
                    s.curveTo((float) (lastX + 2.0 / 3 * (qx - lastX)), (float) (lastY + 2.0 / 3 * (qy - lastY)),
                            (float) (x + 2.0 / 3 * (qx - x)), (float) (y + 2.0 / 3 * (qy - y)), (float) x, (float) y);
                }
                case PathIterator.SEG_CUBICTO -> s.curveTo((float) coords[o], (float) coords[o + 1], (float) coords[o + 2],
                        (float) coords[o + 3], (float) coords[o + 4], (float) coords[o + 5]);
                case PathIterator.SEG_CLOSE -> s.closePath();
                default -> { }
            }
            int p = points(types[i]);
            if (p > 0) {
                lastX = coords[o + 2 * p - 2];
                lastY = coords[o + 2 * p - 1];
            }
        }
        return n > 0;
    }

    private static int points(int segmentType) {
        return switch (segmentType) {
            case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 1;
            case PathIterator.SEG_QUADTO -> 2;
            case PathIterator.SEG_CUBICTO -> 3;
            default -> 0;
        };
    }

    private AffineTransform deviceToPage() {
        AffineTransform t = new AffineTransform(canvas.page);
        t.concatenate(transform);
        return t;
    }

    private boolean windingEvenOdd(Shape s) {
        return s.getPathIterator(null).getWindingRule() == PathIterator.WIND_EVEN_ODD;
    }

    // --- drawing -------------------------------------------------------------------------------

    @Override
    public void draw(Shape s) {
        if (!(stroke instanceof BasicStroke bs)) {
            fill(stroke.createStrokedShape(s));
            return;
        }
        try {
            if (!syncStroke(bs)) {
                return;
            }
            if (appendPath(s, deviceToPage())) {
                canvas.stream.stroke();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void fill(Shape s) {
        try {
            if (!syncFill()) {
                return;
            }
            if (appendPath(s, deviceToPage())) {
                if (windingEvenOdd(s)) {
                    canvas.stream.fillEvenOdd();
                } else {
                    canvas.stream.fill();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void drawString(String str, float x, float y) {
        if (str == null || str.isEmpty()) {
            return;
        }
        PDFont pdf = StandardFonts.forAwt(font);
        float size = font.getSize2D();
        float pdfWidth;
        try {
            pdfWidth = pdf.getStringWidth(str) / 1000f * size;
        } catch (IOException | IllegalArgumentException e) {
            outlineText(str, x, y); // a character the standard fonts cannot encode
            return;
        }
        FontRenderContext frc = getFontRenderContext();
        double awtWidth = font.getStringBounds(str, frc).getWidth();
        double stretch = pdfWidth > 0 ? Math.max(0.5, Math.min(2.0, awtWidth / pdfWidth)) : 1.0;
        AffineTransform m = deviceToPage();
        m.translate(x, y);
        if (font.isTransformed()) {
            m.concatenate(font.getTransform());
        }
        m.scale(stretch, -1); // the page transform flips y; glyphs must stay upright
        try {
            if (!syncFill()) {
                return;
            }
            PDPageContentStream s = canvas.stream;
            s.beginText();
            s.setFont(pdf, size);
            s.setTextMatrix(new Matrix(m));
            s.showText(str);
            s.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void outlineText(String str, float x, float y) {
        GlyphVector gv = font.createGlyphVector(getFontRenderContext(), str);
        fill(gv.getOutline(x, y));
    }

    @Override
    public void drawString(String str, int x, int y) {
        drawString(str, (float) x, (float) y);
    }

    @Override
    public void drawString(AttributedCharacterIterator iterator, int x, int y) {
        drawString(iterator, (float) x, (float) y);
    }

    /**
     * Runs of plain styled text (what JFreeChart's log axes produce) become real text, one run
     * after the other; anything with superscripts or other layout attributes is drawn as outlines.
     */
    @Override
    public void drawString(AttributedCharacterIterator iterator, float x, float y) {
        if (iterator.getEndIndex() - iterator.getBeginIndex() == 0) {
            return;
        }
        List<String> texts = new ArrayList<>();
        List<Font> fonts = new ArrayList<>();
        boolean plain = true;
        iterator.first();
        while (iterator.getIndex() < iterator.getEndIndex()) {
            Map<AttributedCharacterIterator.Attribute, Object> attrs = iterator.getAttributes();
            for (AttributedCharacterIterator.Attribute a : attrs.keySet()) {
                if (a != TextAttribute.FONT && a != TextAttribute.FAMILY && a != TextAttribute.SIZE && a != TextAttribute.WEIGHT
                        && a != TextAttribute.POSTURE && a != TextAttribute.FOREGROUND) {
                    plain = false;
                }
            }
            int end = iterator.getRunLimit();
            StringBuilder sb = new StringBuilder();
            for (char ch = iterator.current(); iterator.getIndex() < end; ch = iterator.next()) {
                sb.append(ch);
            }
            texts.add(sb.toString());
            Font f = (Font) attrs.get(TextAttribute.FONT);
            fonts.add(f != null ? f : attrs.isEmpty() ? font : font.deriveFont(attrs));
        }
        if (!plain) {
            iterator.first();
            TextLayout layout = new TextLayout(iterator, getFontRenderContext());
            fill(layout.getOutline(AffineTransform.getTranslateInstance(x, y)));
            return;
        }
        Font saved = font;
        float at = x;
        for (int i = 0; i < texts.size(); i++) {
            font = fonts.get(i);
            drawString(texts.get(i), at, y);
            at += (float) font.getStringBounds(texts.get(i), getFontRenderContext()).getWidth();
        }
        font = saved;
    }

    @Override
    public void drawGlyphVector(GlyphVector g, float x, float y) {
        fill(g.getOutline(x, y));
    }

    @Override
    public boolean drawImage(Image img, AffineTransform xform, ImageObserver obs) {
        BufferedImage bi = toBuffered(img);
        if (bi == null) {
            return false;
        }
        AffineTransform saved = transform;
        transform = new AffineTransform(transform);
        if (xform != null) {
            transform.concatenate(xform);
        }
        try {
            placeImage(bi, 0, 0, bi.getWidth(), bi.getHeight());
        } finally {
            transform = saved;
        }
        return true;
    }

    private void placeImage(BufferedImage bi, double x, double y, double w, double h) {
        try {
            syncClip();
            PDImageXObject image = LosslessFactory.createFromImage(canvas.document, bi);
            AffineTransform m = deviceToPage();
            m.translate(x, y + h);
            m.scale(w, -h); // PDF draws an image into the unit square, bottom-up
            canvas.stream.drawImage(image, new Matrix(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage toBuffered(Image img) {
        if (img == null) {
            return null;
        }
        if (img instanceof BufferedImage bi) {
            return bi;
        }
        int w = img.getWidth(null);
        int h = img.getHeight(null);
        if (w <= 0 || h <= 0) {
            return null;
        }
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = bi.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return bi;
    }

    @Override
    public void drawImage(BufferedImage img, BufferedImageOp op, int x, int y) {
        BufferedImage filtered = op == null ? img : op.filter(img, null);
        placeImage(filtered, x, y, filtered.getWidth(), filtered.getHeight());
    }

    @Override
    public void drawRenderedImage(RenderedImage img, AffineTransform xform) {
        if (img instanceof BufferedImage bi) {
            drawImage(bi, xform, null);
        }
    }

    @Override
    public void drawRenderableImage(RenderableImage img, AffineTransform xform) {
        drawRenderedImage(img.createDefaultRendering(), xform);
    }

    @Override
    public boolean drawImage(Image img, int x, int y, ImageObserver observer) {
        BufferedImage bi = toBuffered(img);
        if (bi == null) {
            return false;
        }
        placeImage(bi, x, y, bi.getWidth(), bi.getHeight());
        return true;
    }

    @Override
    public boolean drawImage(Image img, int x, int y, int width, int height, ImageObserver observer) {
        BufferedImage bi = toBuffered(img);
        if (bi == null) {
            return false;
        }
        placeImage(bi, x, y, width, height);
        return true;
    }

    @Override
    public boolean drawImage(Image img, int x, int y, Color bgcolor, ImageObserver observer) {
        return drawImage(img, x, y, observer);
    }

    @Override
    public boolean drawImage(Image img, int x, int y, int width, int height, Color bgcolor, ImageObserver observer) {
        return drawImage(img, x, y, width, height, observer);
    }

    @Override
    public boolean drawImage(Image img, int dx1, int dy1, int dx2, int dy2, int sx1, int sy1, int sx2, int sy2,
                             ImageObserver observer) {
        BufferedImage bi = toBuffered(img);
        if (bi == null) {
            return false;
        }
        BufferedImage part = bi.getSubimage(Math.min(sx1, sx2), Math.min(sy1, sy2), Math.abs(sx2 - sx1), Math.abs(sy2 - sy1));
        placeImage(part, Math.min(dx1, dx2), Math.min(dy1, dy2), Math.abs(dx2 - dx1), Math.abs(dy2 - dy1));
        return true;
    }

    @Override
    public boolean drawImage(Image img, int dx1, int dy1, int dx2, int dy2, int sx1, int sy1, int sx2, int sy2,
                             Color bgcolor, ImageObserver observer) {
        return drawImage(img, dx1, dy1, dx2, dy2, sx1, sy1, sx2, sy2, observer);
    }

    @Override
    public void drawLine(int x1, int y1, int x2, int y2) {
        draw(new Line2D.Float(x1, y1, x2, y2));
    }

    @Override
    public void fillRect(int x, int y, int width, int height) {
        fill(new Rectangle(x, y, width, height));
    }

    @Override
    public void clearRect(int x, int y, int width, int height) {
        Paint saved = paint;
        paint = background;
        fill(new Rectangle(x, y, width, height));
        paint = saved;
    }

    @Override
    public void drawRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
        draw(new RoundRectangle2D.Float(x, y, width, height, arcWidth, arcHeight));
    }

    @Override
    public void fillRoundRect(int x, int y, int width, int height, int arcWidth, int arcHeight) {
        fill(new RoundRectangle2D.Float(x, y, width, height, arcWidth, arcHeight));
    }

    @Override
    public void drawOval(int x, int y, int width, int height) {
        draw(new Ellipse2D.Float(x, y, width, height));
    }

    @Override
    public void fillOval(int x, int y, int width, int height) {
        fill(new Ellipse2D.Float(x, y, width, height));
    }

    @Override
    public void drawArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
        draw(new Arc2D.Float(x, y, width, height, startAngle, arcAngle, Arc2D.OPEN));
    }

    @Override
    public void fillArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
        fill(new Arc2D.Float(x, y, width, height, startAngle, arcAngle, Arc2D.PIE));
    }

    @Override
    public void drawPolyline(int[] xPoints, int[] yPoints, int nPoints) {
        if (nPoints < 2) {
            return;
        }
        Path2D.Float p = new Path2D.Float();
        p.moveTo(xPoints[0], yPoints[0]);
        for (int i = 1; i < nPoints; i++) {
            p.lineTo(xPoints[i], yPoints[i]);
        }
        draw(p);
    }

    @Override
    public void drawPolygon(int[] xPoints, int[] yPoints, int nPoints) {
        draw(new Polygon(xPoints, yPoints, nPoints));
    }

    @Override
    public void fillPolygon(int[] xPoints, int[] yPoints, int nPoints) {
        fill(new Polygon(xPoints, yPoints, nPoints));
    }

    @Override
    public void copyArea(int x, int y, int width, int height, int dx, int dy) {
        // a vector page has no pixels to copy; charts never ask for it
    }

    @Override
    public boolean hit(Rectangle rect, Shape s, boolean onStroke) {
        Shape device = transform.createTransformedShape(onStroke ? stroke.createStrokedShape(s) : s);
        return device.intersects(rect);
    }

    // --- state -----------------------------------------------------------------------------------

    @Override
    public GraphicsConfiguration getDeviceConfiguration() {
        return canvas.metrics.getDeviceConfiguration();
    }

    @Override
    public void setComposite(Composite comp) {
        this.composite = comp == null ? AlphaComposite.SrcOver : comp;
    }

    @Override
    public Composite getComposite() {
        return composite;
    }

    @Override
    public void setPaint(Paint paint) {
        if (paint != null) {
            this.paint = paint;
        }
    }

    @Override
    public Paint getPaint() {
        return paint;
    }

    @Override
    public void setStroke(Stroke s) {
        if (s != null) {
            this.stroke = s;
        }
    }

    @Override
    public Stroke getStroke() {
        return stroke;
    }

    @Override
    public void setRenderingHint(RenderingHints.Key hintKey, Object hintValue) {
        hints.put(hintKey, hintValue);
    }

    @Override
    public Object getRenderingHint(RenderingHints.Key hintKey) {
        return hints.get(hintKey);
    }

    @Override
    public void setRenderingHints(Map<?, ?> newHints) {
        hints.clear();
        addRenderingHints(newHints);
    }

    @Override
    public void addRenderingHints(Map<?, ?> newHints) {
        newHints.forEach((k, v) -> {
            if (k instanceof RenderingHints.Key key) {
                hints.put(key, v);
            }
        });
    }

    @Override
    public RenderingHints getRenderingHints() {
        RenderingHints copy = new RenderingHints(null);
        hints.forEach((k, v) -> {
            if (k.isCompatibleValue(v)) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    @Override
    public void translate(int x, int y) {
        transform.translate(x, y);
    }

    @Override
    public void translate(double tx, double ty) {
        transform.translate(tx, ty);
    }

    @Override
    public void rotate(double theta) {
        transform.rotate(theta);
    }

    @Override
    public void rotate(double theta, double x, double y) {
        transform.rotate(theta, x, y);
    }

    @Override
    public void scale(double sx, double sy) {
        transform.scale(sx, sy);
    }

    @Override
    public void shear(double shx, double shy) {
        transform.shear(shx, shy);
    }

    @Override
    public void transform(AffineTransform tx) {
        transform.concatenate(tx);
    }

    @Override
    public void setTransform(AffineTransform tx) {
        transform = new AffineTransform(tx);
    }

    @Override
    public AffineTransform getTransform() {
        return new AffineTransform(transform);
    }

    @Override
    public void setBackground(Color color) {
        this.background = color;
    }

    @Override
    public Color getBackground() {
        return background;
    }

    @Override
    public void clip(Shape s) {
        if (s == null) {
            return;
        }
        Shape device = transform.createTransformedShape(s);
        if (clip == null) {
            clip = asSimple(device);
            return;
        }
        if (clip instanceof Rectangle2D a && device instanceof Rectangle2D b) {
            clip = a.createIntersection(b);
            return;
        }
        Area area = new Area(clip);
        area.intersect(new Area(device));
        clip = asSimple(area);
    }

    private static Shape asSimple(Shape s) {
        if (s instanceof Area a && a.isRectangular()) {
            return a.getBounds2D();
        }
        if (s instanceof Path2D) {
            Area a = new Area(s);
            return a.isRectangular() ? a.getBounds2D() : a;
        }
        return s;
    }

    @Override
    public FontRenderContext getFontRenderContext() {
        return canvas.metrics.getFontRenderContext();
    }

    @Override
    public Graphics create() {
        return new PdfGraphics2D(this);
    }

    @Override
    public Color getColor() {
        return paint instanceof Color c ? c : solid(paint);
    }

    @Override
    public void setColor(Color c) {
        if (c != null) {
            paint = c;
        }
    }

    @Override
    public void setPaintMode() {
        composite = AlphaComposite.SrcOver;
    }

    @Override
    public void setXORMode(Color c1) {
        // XOR drawing has no PDF counterpart; charts never use it
    }

    @Override
    public Font getFont() {
        return font;
    }

    @Override
    public void setFont(Font font) {
        if (font != null) {
            this.font = font;
        }
    }

    @Override
    public FontMetrics getFontMetrics(Font f) {
        return canvas.metrics.getFontMetrics(f);
    }

    @Override
    public Rectangle getClipBounds() {
        Shape c = getClip();
        return c == null ? null : c.getBounds();
    }

    @Override
    public void clipRect(int x, int y, int width, int height) {
        clip(new Rectangle(x, y, width, height));
    }

    @Override
    public void setClip(int x, int y, int width, int height) {
        setClip(new Rectangle(x, y, width, height));
    }

    @Override
    public Shape getClip() {
        if (clip == null) {
            return null;
        }
        try {
            return asSimple(transform.createInverse().createTransformedShape(clip));
        } catch (NoninvertibleTransformException e) {
            return null;
        }
    }

    @Override
    public void setClip(Shape s) {
        clip = s == null ? null : asSimple(transform.createTransformedShape(s));
    }

    @Override
    public void dispose() {
        // the stream belongs to the page; finish() closes the chart's states
    }
}
