package dev.clusterutils.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.report.pdf.PdfGraphics2D;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java2D-to-PDF bridge that keeps charts vector graphics with real text. */
class PdfGraphics2DTest {
    @TempDir
    Path tmp;

    /** Draws into a 200 x 100 pt page (one Java2D unit = one point) and returns the saved file. */
    private Path draw(Consumer<PdfGraphics2D> drawing) throws Exception {
        Path file = tmp.resolve("g.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(200, 100));
            doc.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                PdfGraphics2D g = new PdfGraphics2D(doc, s, 0, 100, 200, 100, 1f);
                drawing.accept(g);
                g.finish();
            }
            doc.save(file.toFile());
        }
        return file;
    }

    private static String text(Path file) throws Exception {
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
    }

    private static BufferedImage render(Path file) throws Exception {
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            return new PDFRenderer(doc).renderImage(0, 1f);
        }
    }

    @Test
    void textStaysTextAlsoWhenRotated() throws Exception {
        Path f = draw(g -> {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            g.drawString("plain label", 10f, 20f);
            g.rotate(-Math.PI / 2, 50, 80);
            g.drawString("rotated", 50f, 80f);
        });
        String t = text(f);
        assertTrue(t.contains("plainlabel") && t.contains("rotated"), t);
    }

    @Test
    void unencodableTextAndNaNShapesDoNotBreakTheDrawing() throws Exception {
        Path f = draw(g -> {
            g.drawString("\u03a9 \u2248 \u4e2d", 10f, 20f); // drawn as outlines
            g.draw(new Line2D.Double(0, Double.NaN, 10, 10)); // skipped
            g.drawString("after", 10f, 60f);
        });
        assertTrue(text(f).contains("after"));
    }

    @Test
    void clipAndTransparencyReachThePage() throws Exception {
        Path f = draw(g -> {
            g.setClip(new Rectangle2D.Double(0, 0, 100, 100));
            g.setPaint(Color.RED);
            g.fill(new Rectangle2D.Double(0, 0, 200, 50));
            g.setClip(null);
            g.setPaint(new Color(0, 0, 255, 128));
            g.fill(new Rectangle2D.Double(0, 60, 200, 40));
        });
        BufferedImage img = render(f);
        assertEquals(0xFF0000, img.getRGB(50, 25) & 0xFFFFFF, "inside the clip");
        assertEquals(0xFFFFFF, img.getRGB(150, 25) & 0xFFFFFF, "outside the clip nothing was drawn");
        int half = img.getRGB(150, 80) & 0xFFFFFF;
        assertTrue((half >> 16 & 0xFF) > 100 && (half & 0xFF) > 200, "half-transparent blue on white: " + Integer.toHexString(half));
    }

    @Test
    void imagesAreEmbedded() throws Exception {
        BufferedImage bi = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        bi.setRGB(0, 0, 0x00FF00);
        Path f = draw(g -> g.drawImage(bi, 10, 10, 40, 40, null));
        try (PDDocument doc = Loader.loadPDF(f.toFile())) {
            int images = 0;
            for (var name : doc.getPage(0).getResources().getXObjectNames()) {
                images++;
            }
            assertEquals(1, images);
        }
    }
}
