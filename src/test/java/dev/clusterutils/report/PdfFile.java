package dev.clusterutils.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A written PDF as a test sees it: pages, text, bookmarks, rendered pixels. Text is compared
 * without whitespace, because a chart title or table cell may wrap wherever its width ends.
 */
final class PdfFile {
    final int pages;
    final String text;
    final List<String> bookmarks;
    private final String squashed;
    private final Path file;

    /** Per page, its last line of text above the footer. */
    final List<String> lastLines = new ArrayList<>();

    private PdfFile(Path file, int pages, String text, List<String> bookmarks) {
        this.file = file;
        this.pages = pages;
        this.text = text;
        this.bookmarks = bookmarks;
        this.squashed = squash(text);
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", "");
    }

    static PdfFile read(Path file) throws IOException {
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            List<String> marks = new ArrayList<>();
            if (doc.getDocumentCatalog().getDocumentOutline() != null) {
                collect(doc.getDocumentCatalog().getDocumentOutline().getFirstChild(), marks);
            }
            PdfFile pdf = new PdfFile(file, doc.getNumberOfPages(), text, marks);
            PDFTextStripper perPage = new PDFTextStripper();
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                perPage.setStartPage(p);
                perPage.setEndPage(p);
                List<String> lines = new ArrayList<>(List.of(perPage.getText(doc).strip().split("\\r?\\n")));
                // the footer: "<name> - <kind> report" and "page N of M"
                lines.removeIf(l -> l.matches(".*page \\d+ of \\d+.*") || l.endsWith(" report") || l.isBlank());
                pdf.lastLines.add(lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip());
            }
            return pdf;
        }
    }

    private static void collect(PDOutlineItem item, List<String> out) {
        for (PDOutlineItem i = item; i != null; i = i.getNextSibling()) {
            out.add(i.getTitle());
            collect(i.getFirstChild(), out);
        }
    }

    /** No page ends with a heading: a heading is always on the page of what it introduces. */
    void assertNoOrphanHeadings() {
        for (int p = 0; p < lastLines.size(); p++) {
            String last = lastLines.get(p);
            int page = p + 1;
            assertTrue(bookmarks.stream().noneMatch(b -> b.equals(last)), () -> "page " + page + " ends with the heading '"
                    + last + "'");
        }
    }

    void assertContains(String... snippets) {
        for (String s : snippets) {
            assertTrue(squashed.contains(squash(s)), () -> "expected '" + s + "' in the PDF text:\n" + text);
        }
    }

    void assertLacks(String... snippets) {
        for (String s : snippets) {
            assertTrue(!squashed.contains(squash(s)), () -> "did not expect '" + s + "' in the PDF text");
        }
    }

    int count(String snippet) {
        int n = 0;
        String needle = squash(snippet);
        for (int i = squashed.indexOf(needle); i >= 0; i = squashed.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Renders page {@code index} (0-based) at a low resolution and returns the grey-level standard deviation. */
    double pixelSpread(int index) throws IOException {
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(index, 40);
            double sum = 0;
            double sq = 0;
            int n = img.getWidth() * img.getHeight();
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int rgb = img.getRGB(x, y);
                    double g = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3.0;
                    sum += g;
                    sq += g * g;
                }
            }
            double mean = sum / n;
            return Math.sqrt(sq / n - mean * mean);
        }
    }

    /** Share of pixels on page {@code index} that are not white: charts cover far more of a page than text. */
    double inkShare(int index) throws IOException {
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(index, 40);
            int ink = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                        ink++;
                    }
                }
            }
            return ink / (double) (img.getWidth() * img.getHeight());
        }
    }
}
