package dev.clusterutils.report.pdf;

import java.util.List;
import org.apache.pdfbox.pdmodel.font.PDFont;

/** Opens PdfPages' line breaking to the report tests. */
public final class PdfPagesAccess {
    private PdfPagesAccess() {
    }

    public static List<String> wrap(String text, PDFont font, float size, float width) {
        return PdfPages.wrap(text, font, size, width);
    }
}
