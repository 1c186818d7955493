package dev.clusterutils.report.pdf;

import java.awt.Font;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;

/**
 * The PDF standard fonts. Every viewer has them, so the report embeds no font files and stays
 * small; they cover Latin-1 (WinAnsi), and {@link #printable} replaces what they cannot show.
 */
public final class StandardFonts {
    public static final PDFont SANS = new PDType1Font(FontName.HELVETICA);
    public static final PDFont SANS_BOLD = new PDType1Font(FontName.HELVETICA_BOLD);
    public static final PDFont SANS_ITALIC = new PDType1Font(FontName.HELVETICA_OBLIQUE);
    public static final PDFont SANS_BOLD_ITALIC = new PDType1Font(FontName.HELVETICA_BOLD_OBLIQUE);
    public static final PDFont SERIF = new PDType1Font(FontName.TIMES_ROMAN);
    public static final PDFont SERIF_BOLD = new PDType1Font(FontName.TIMES_BOLD);
    public static final PDFont MONO = new PDType1Font(FontName.COURIER);
    public static final PDFont MONO_BOLD = new PDType1Font(FontName.COURIER_BOLD);

    private StandardFonts() {
    }

    /** The standard font closest to an AWT font, by family and style. */
    static PDFont forAwt(Font font) {
        String family = font.getFamily().toLowerCase();
        String name = font.getName().toLowerCase();
        boolean bold = font.isBold();
        boolean italic = font.isItalic();
        if (family.contains("mono") || name.contains("mono") || family.contains("courier")) {
            return bold ? MONO_BOLD : MONO;
        }
        boolean serif = (family.contains("serif") && !family.contains("sans")) || family.contains("times");
        if (serif) {
            return bold ? SERIF_BOLD : SERIF;
        }
        if (bold && italic) {
            return SANS_BOLD_ITALIC;
        }
        return bold ? SANS_BOLD : italic ? SANS_ITALIC : SANS;
    }

    /** {@code text} with every character the font cannot encode replaced by {@code ?}, tabs by spaces. */
    public static String printable(PDFont font, String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            String ch = text.substring(i, i + n);
            String replacement = null;
            if (cp == '\t') {
                replacement = "    ";
            } else if (Character.isISOControl(cp) || !encodable(font, ch)) {
                replacement = "?";
            }
            if (replacement != null && sb == null) {
                sb = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (sb != null) {
                sb.append(replacement != null ? replacement : ch);
            }
            i += n;
        }
        return sb == null ? text : sb.toString();
    }

    private static boolean encodable(PDFont font, String ch) {
        if (ch.length() == 1 && ch.charAt(0) >= 32 && ch.charAt(0) < 127) {
            return true;
        }
        try {
            font.encode(ch);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Width of {@code text} in points; the text must be {@link #printable}. */
    public static float width(PDFont font, float size, String text) {
        try {
            return font.getStringWidth(text) / 1000f * size;
        } catch (IOException | IllegalArgumentException e) {
            return text.length() * size * 0.6f;
        }
    }
}
