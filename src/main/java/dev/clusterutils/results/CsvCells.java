package dev.clusterutils.results;

import dev.clusterutils.value.PythonRepr;

/** Cells as pandas' {@code to_csv} writes them: empty for None/NaN, True/False, float repr, minimal quoting. */
public final class CsvCells {
    private CsvCells() {
    }

    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d.isNaN()) {
            return "";
        }
        String text = PythonRepr.str(value);
        return quote(text);
    }

    public static String quote(String text) {
        boolean needs = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                needs = true;
                break;
            }
        }
        return needs ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    public static String line(Iterable<?> cells) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (Object c : cells) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(c == null ? "" : c.toString());
        }
        return sb.toString();
    }
}
