package dev.clusterutils.report.pdf;

import dev.clusterutils.backend.CrashPoint;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageXYZDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.jfree.chart.JFreeChart;

/**
 * A flowing document: headings, paragraphs, tables, charts and listings are placed top to
 * bottom and a new page starts when the next block does not fit. Sections become PDF bookmarks;
 * every page gets a footer with the document's name and "page i of n".
 */
public final class PdfPages implements AutoCloseable {
    private static final float MARGIN_X = 50;
    private static final float MARGIN_TOP = 50;
    private static final float MARGIN_BOTTOM = 50;
    private static final float BODY = 9.5f;
    private static final Color GREY = new Color(0x55, 0x55, 0x55);
    private static final Color RULE = new Color(0x33, 0x33, 0x33);
    private static final Color ZEBRA = new Color(0xF2, 0xF4, 0xF7);

    private final PDDocument doc = new PDDocument();
    private final PDRectangle pageSize;
    private final String footer;
    private final PDDocumentOutline outline = new PDDocumentOutline();
    private PDOutlineItem currentSection;
    private PDPage page;
    private PDPageContentStream stream;
    private float y;

    public PdfPages(PDRectangle pageSize, String title, String footer) {
        this.pageSize = pageSize;
        this.footer = footer;
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(title);
        info.setCreator("cluster-utils");
        info.setProducer("cluster-utils (PDFBox, JFreeChart)");
        info.setCreationDate(Calendar.getInstance());
        doc.getDocumentCatalog().setDocumentOutline(outline);
        newPage();
    }

    public float contentWidth() {
        return pageSize.getWidth() - 2 * MARGIN_X;
    }

    /** Room left on the current page, in points. */
    public float remaining() {
        return y - MARGIN_BOTTOM;
    }

    public float pageContentHeight() {
        return pageSize.getHeight() - MARGIN_TOP - MARGIN_BOTTOM;
    }

    public void newPage() {
        closeStream();
        page = new PDPage(pageSize);
        doc.addPage(page);
        try {
            stream = new PDPageContentStream(doc, page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y = pageSize.getHeight() - MARGIN_TOP;
    }

    /** Starts a new page unless {@code height} points still fit on this one. */
    public void ensure(float height) {
        if (y - height < MARGIN_BOTTOM && y < pageSize.getHeight() - MARGIN_TOP) {
            newPage();
        }
    }

    private void closeStream() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stream = null;
        }
    }

    // --- text ----------------------------------------------------------------------------------

    public void title(String title, String subtitle) {
        text(title, StandardFonts.SANS_BOLD, 20, Color.BLACK, 0);
        y -= 4;
        if (subtitle != null) {
            text(subtitle, StandardFonts.SANS, 11, GREY, 0);
        }
        y -= 10;
        rule(1f);
        y -= 12;
    }

    /**
     * A top-level section with a bookmark. {@code keepWith} is the height of what must follow
     * it on the same page (a heading alone at the bottom of a page helps nobody).
     */
    public void section(String title, float keepWith) {
        y -= 6;
        ensure(30 + keepWith);
        if (y < pageSize.getHeight() - MARGIN_TOP) {
            y -= 8;
        }
        currentSection = bookmark(title, null);
        text(title, StandardFonts.SANS_BOLD, 15, Color.BLACK, 0);
        y -= 6;
    }

    public void subsection(String title, float keepWith) {
        y -= 4;
        ensure(22 + keepWith);
        bookmark(title, currentSection);
        text(title, StandardFonts.SANS_BOLD, 11, Color.BLACK, 0);
        y -= 3;
    }

    private PDOutlineItem bookmark(String title, PDOutlineItem parent) {
        PDOutlineItem item = new PDOutlineItem();
        item.setTitle(title);
        PDPageXYZDestination dest = new PDPageXYZDestination();
        dest.setPage(page);
        dest.setTop((int) (y + 20));
        dest.setLeft(0);
        item.setDestination(dest);
        if (parent == null) {
            outline.addLast(item);
        } else {
            parent.addLast(item);
        }
        return item;
    }

    public void paragraph(String text) {
        text(text, StandardFonts.SANS, BODY, Color.BLACK, 0);
        y -= 4;
    }

    /** A grey, italic remark, e.g. why a chart is missing. */
    public void note(String text) {
        text(text, StandardFonts.SANS_ITALIC, 9, GREY, 0);
        y -= 4;
    }

    /** Wrapped text at the current position, breaking pages between lines. */
    public void text(String text, PDFont font, float size, Color color, float indent) {
        float lead = size * 1.3f;
        for (String paragraph : text.split("\n", -1)) {
            for (String line : wrap(StandardFonts.printable(font, paragraph), font, size, contentWidth() - indent)) {
                ensure(lead);
                y -= lead;
                show(line, font, size, color, MARGIN_X + indent, y + size * 0.25f);
            }
        }
    }

    private void show(String line, PDFont font, float size, Color color, float x, float baseline) {
        if (line.isEmpty()) {
            return;
        }
        try {
            stream.beginText();
            stream.setNonStrokingColor(color);
            stream.setFont(font, size);
            stream.newLineAtOffset(x, baseline);
            stream.showText(line);
            stream.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rule(float width) {
        line(MARGIN_X, y, MARGIN_X + contentWidth(), y, width, RULE);
    }

    private void line(float x1, float y1, float x2, float y2, float width, Color color) {
        try {
            stream.setStrokingColor(color);
            stream.setLineWidth(width);
            stream.moveTo(x1, y1);
            stream.lineTo(x2, y2);
            stream.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Label/value pairs in two columns, the labels bold. */
    public void keyValues(List<Map.Entry<String, String>> entries) {
        float size = BODY;
        float labelWidth = 0;
        for (Map.Entry<String, String> e : entries) {
            labelWidth = Math.max(labelWidth, StandardFonts.width(StandardFonts.SANS_BOLD, size,
                    StandardFonts.printable(StandardFonts.SANS_BOLD, e.getKey())));
        }
        labelWidth = Math.min(labelWidth + 12, contentWidth() * 0.4f);
        float lead = size * 1.35f;
        for (Map.Entry<String, String> e : entries) {
            List<String> lines = wrap(StandardFonts.printable(StandardFonts.SANS, e.getValue() == null ? "" : e.getValue()),
                    StandardFonts.SANS, size, contentWidth() - labelWidth);
            ensure(lead * Math.min(lines.size(), 3));
            y -= lead;
            show(StandardFonts.printable(StandardFonts.SANS_BOLD, e.getKey()), StandardFonts.SANS_BOLD, size, Color.BLACK,
                    MARGIN_X, y + size * 0.25f);
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    ensure(lead);
                    y -= lead;
                }
                show(lines.get(i), StandardFonts.SANS, size, Color.BLACK, MARGIN_X + labelWidth, y + size * 0.25f);
            }
        }
        y -= 6;
    }

    /**
     * A monospace listing with line numbers; long lines wrap (the continuation has no number), so
     * nothing is cut off however wide the file.
     */
    public void listing(String text, float size) {
        PDFont font = StandardFonts.MONO;
        float charWidth = StandardFonts.width(font, size, "M");
        String[] lines = text.split("\r?\n", -1);
        int digits = Integer.toString(lines.length).length();
        float gutter = (digits + 2) * charWidth;
        int perLine = Math.max(20, (int) ((contentWidth() - gutter) / charWidth));
        float lead = size * 1.25f;
        for (int n = 0; n < lines.length; n++) {
            if (n == lines.length - 1 && lines[n].isEmpty()) {
                break;
            }
            String line = StandardFonts.printable(font, lines[n]);
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            boolean first = true;
            int pos = 0;
            do {
                int room = first ? perLine : Math.max(10, perLine - Math.min(indent + 2, perLine / 2));
                int end = Math.min(line.length(), pos + room);
                String piece = line.substring(pos, end);
                ensure(lead);
                y -= lead;
                if (first) {
                    String number = String.format("%" + digits + "d", n + 1);
                    show(number, font, size, GREY, MARGIN_X, y + size * 0.25f);
                    show(piece, font, size, Color.BLACK, MARGIN_X + gutter, y + size * 0.25f);
                } else {
                    float x = MARGIN_X + gutter + (perLine - room) * charWidth;
                    show(piece, font, size, Color.BLACK, x, y + size * 0.25f);
                }
                pos = end;
                first = false;
            } while (pos < line.length());
        }
        y -= 6;
    }

    /** Breaks text into lines no wider than {@code width}; words longer than a line are cut. */
    static List<String> wrap(String text, PDFont font, float size, float width) {
        // a column measured to fit its widest word must not break it for a rounding error ("iteratio n")
        width += 0.01f;
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            out.add("");
            return out;
        }
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ", -1)) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (StandardFonts.width(font, size, candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                out.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (StandardFonts.width(font, size, rest) > width && rest.length() > 1) {
                int cut = fit(rest, font, size, width);
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        out.add(line.toString());
        return out;
    }

    private static int fit(String s, PDFont font, float size, float width) {
        int lo = 1;
        int hi = s.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (StandardFonts.width(font, size, s.substring(0, mid)) <= width) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    // --- tables ----------------------------------------------------------------------------------

    /** A booktabs-style table (rules above, below the header and at the end) with zebra rows; the header repeats on page breaks. */
    public void table(TextTable table, float size) {
        PDFont font = StandardFonts.SANS;
        PDFont bold = StandardFonts.SANS_BOLD;
        float pad = 3;
        int cols = table.header().size();
        float[] natural = new float[cols];
        float[] minimum = new float[cols];
        for (int c = 0; c < cols; c++) {
            natural[c] = measure(bold, size, table.header().get(c));
            minimum[c] = Math.min(natural[c], longestWord(bold, size, table.header().get(c)));
            for (List<String> r : table.rows()) {
                natural[c] = Math.max(natural[c], measure(font, size, r.get(c)));
                minimum[c] = Math.max(minimum[c], Math.min(natural[c], longestWord(font, size, r.get(c))));
            }
            natural[c] += 2 * pad;
            minimum[c] = Math.min(minimum[c] + 2 * pad, 70);
        }
        float[] widths = fitColumns(natural, minimum, contentWidth());
        float lead = size * 1.25f;

        List<List<String>> headerLines = cellLines(table.header(), widths, bold, size, pad);
        float headerHeight = height(headerLines, lead, pad);
        ensure(headerHeight + lead + 2 * pad + 4);
        drawTableHeader(headerLines, widths, headerHeight, bold, size, lead, pad, table);
        for (int r = 0; r < table.rows().size(); r++) {
            List<List<String>> lines = cellLines(table.rows().get(r), widths, font, size, pad);
            float h = height(lines, lead, pad);
            if (y - h < MARGIN_BOTTOM) {
                newPage();
                drawTableHeader(headerLines, widths, headerHeight, bold, size, lead, pad, table);
            }
            if (r % 2 == 1) {
                fillRect(MARGIN_X, y - h, sum(widths), h, ZEBRA);
            }
            drawCells(lines, widths, font, size, lead, pad, table, y);
            y -= h;
        }
        line(MARGIN_X, y, MARGIN_X + sum(widths), y, 0.8f, RULE);
        y -= 10;
    }

    private void drawTableHeader(List<List<String>> headerLines, float[] widths, float headerHeight, PDFont bold, float size,
                                 float lead, float pad, TextTable table) {
        line(MARGIN_X, y, MARGIN_X + sum(widths), y, 0.8f, RULE);
        drawCells(headerLines, widths, bold, size, lead, pad, table, y);
        y -= headerHeight;
        line(MARGIN_X, y, MARGIN_X + sum(widths), y, 0.5f, RULE);
    }

    private void drawCells(List<List<String>> lines, float[] widths, PDFont font, float size, float lead, float pad,
                           TextTable table, float top) {
        float x = MARGIN_X;
        for (int c = 0; c < widths.length; c++) {
            float baseline = top - pad - size;
            for (String l : lines.get(c)) {
                float tx = x + pad;
                if (table.rightAligned().contains(c)) {
                    tx = x + widths[c] - pad - StandardFonts.width(font, size, l);
                }
                show(l, font, size, Color.BLACK, tx, baseline);
                baseline -= lead;
            }
            x += widths[c];
        }
    }

    private static float height(List<List<String>> lines, float lead, float pad) {
        int max = 1;
        for (List<String> l : lines) {
            max = Math.max(max, l.size());
        }
        return max * lead + 2 * pad;
    }

    private static List<List<String>> cellLines(List<String> cells, float[] widths, PDFont font, float size, float pad) {
        List<List<String>> out = new ArrayList<>();
        for (int c = 0; c < widths.length; c++) {
            List<String> lines = new ArrayList<>();
            for (String part : cells.get(c).split("\n", -1)) {
                lines.addAll(wrap(StandardFonts.printable(font, part), font, size, widths[c] - 2 * pad));
            }
            out.add(lines);
        }
        return out;
    }

    private static float measure(PDFont font, float size, String text) {
        float w = 0;
        for (String part : text.split("\n", -1)) {
            w = Math.max(w, StandardFonts.width(font, size, StandardFonts.printable(font, part)));
        }
        return w;
    }

    private static float longestWord(PDFont font, float size, String text) {
        float w = 0;
        for (String word : text.split("[ \n]")) {
            w = Math.max(w, StandardFonts.width(font, size, StandardFonts.printable(font, word)));
        }
        return w;
    }

    /** Natural widths when they fit; else every column gets a fair share, narrow columns keeping their own width. */
    static float[] fitColumns(float[] natural, float[] minimum, float available) {
        float total = sum(natural);
        float[] w = natural.clone();
        if (total <= available) {
            return w;
        }
        boolean[] fixed = new boolean[w.length];
        float left = available;
        int open = w.length;
        boolean changed = true;
        while (changed && open > 0) {
            changed = false;
            float share = left / open;
            for (int c = 0; c < w.length; c++) {
                if (!fixed[c] && natural[c] <= share) {
                    fixed[c] = true;
                    left -= natural[c];
                    open--;
                    changed = true;
                }
            }
        }
        if (open > 0) {
            float share = left / open;
            for (int c = 0; c < w.length; c++) {
                if (!fixed[c]) {
                    w[c] = Math.max(share, Math.min(minimum[c], natural[c]));
                }
            }
        }
        return w;
    }

    private static float sum(float[] xs) {
        float s = 0;
        for (float x : xs) {
            s += x;
        }
        return s;
    }

    private void fillRect(float x, float yBottom, float w, float h, Color color) {
        try {
            stream.setNonStrokingColor(color);
            stream.addRect(x, yBottom, w, h);
            stream.fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- charts ----------------------------------------------------------------------------------

    /** One chart across the full width. */
    public void chart(JFreeChart chart, float height) {
        charts(List.of(chart), 1, height);
    }

    /** Charts in rows of {@code columns}; a row never splits across pages. */
    public void charts(List<JFreeChart> charts, int columns, float height) {
        float gap = 12;
        float width = (contentWidth() - gap * (columns - 1)) / columns;
        for (int i = 0; i < charts.size(); i += columns) {
            ensure(height + 6);
            for (int c = 0; c < columns && i + c < charts.size(); c++) {
                float x = MARGIN_X + c * (width + gap);
                draw(charts.get(i + c), x, y, width, height);
            }
            y -= height + 10;
        }
    }

    private void draw(JFreeChart chart, float x, float top, float width, float height) {
        PdfGraphics2D g = new PdfGraphics2D(doc, stream, x, top, width, height, 1f);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        g.finish();
    }

    // --- end -------------------------------------------------------------------------------------

    /** Adds the footers and writes the file. */
    public void save(Path file) throws IOException {
        closeStream();
        int n = doc.getNumberOfPages();
        PDFont font = StandardFonts.SANS;
        for (int i = 0; i < n; i++) {
            PDPage p = doc.getPage(i);
            try (PDPageContentStream s = new PDPageContentStream(doc, p, PDPageContentStream.AppendMode.APPEND, true, true)) {
                String right = "page " + (i + 1) + " of " + n;
                String left = StandardFonts.printable(font, footer);
                float room = contentWidth() - StandardFonts.width(font, 8, right) - 20;
                if (StandardFonts.width(font, 8, left) > room) {
                    left = left.substring(0, fit(left, font, 8, room - StandardFonts.width(font, 8, "..."))) + "...";
                }
                s.setNonStrokingColor(GREY);
                s.beginText();
                s.setFont(font, 8);
                s.newLineAtOffset(MARGIN_X, 25);
                s.showText(left);
                s.endText();
                s.beginText();
                s.setFont(font, 8);
                s.newLineAtOffset(pageSize.getWidth() - MARGIN_X - StandardFonts.width(font, 8, right), 25);
                s.showText(right);
                s.endText();
            }
        }
        outline.openNode();
        doc.save(file.toFile());
    }

    @Override
    public void close() throws IOException {
        closeStream();
        doc.close();
    }

    /**
     * Writes the document to a temporary sibling and renames it over {@code out}, so a reader (or a
     * report made during the next iteration) never sees half a file; readable like the CSVs beside it.
     */
    public void saveAtomically(Path out) throws IOException {
        Path absolute = out.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            save(tmp);
            CrashPoint.reached("report-part");
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
