package dev.clusterutils.protocol;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.clusterutils.value.PythonRepr;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one-row CSV files of a job's working dir ({@code metrics.csv}, {@code param_choice.csv}),
 * in the dialect of Python's {@code csv.DictWriter}: a header line and one data line, comma
 * separated, minimal quoting, {@code \r\n} line ends, every value written with {@code str()}.
 *
 * <p>Reading is the fallback for a lost {@code JOB_SENT_RESULTS} datagram: the client writes
 * {@code metrics.csv} just before it sends, so the file holds the same metrics. The types that
 * {@code str()} erased come back by their spelling: {@code 3} is an int, {@code 0.1}, {@code
 * 1e-05}, {@code nan}, {@code inf} are floats, {@code True}/{@code False} are bools, anything else
 * stays a string (an empty cell, which is also how the csv module writes None, included).
 */
public final class MetricsCsv {
    private static final Pattern INT = Pattern.compile("-?\\d+");
    // Python's float repr/str: digits with a '.' and/or an exponent, or the special values
    private static final Pattern FLOAT =
            Pattern.compile("-?(?:\\d+\\.\\d*|\\.\\d+|\\d+(?=[eE]))(?:[eE][+-]?\\d+)?|-?inf|nan");
    private static final Pattern TRAILING_LINE_ENDS = Pattern.compile("(?:\\r?\\n)+\\z");
    // SKIP_EMPTY_LINES would also strip leading spaces of values, and a trailing comma is an empty last cell
    private static final CsvMapper MAPPER = new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .disable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .disable(CsvParser.Feature.TRIM_SPACES)
            .disable(CsvParser.Feature.ALLOW_TRAILING_COMMA);

    private MetricsCsv() {
    }

    public static LinkedHashMap<String, Object> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new MalformedMetricsException(file + ": not UTF-8 text", e);
        }
        try {
            return parse(text);
        } catch (MalformedMetricsException e) {
            throw new MalformedMetricsException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the text of a one-row CSV into column name -> typed value, in column order. */
    public static LinkedHashMap<String, Object> parse(String text) throws MalformedMetricsException {
        if (text.isEmpty()) {
            throw new MalformedMetricsException("empty file");
        }
        // the csv module never writes a blank line, but an editor may leave some at the end
        String body = TRAILING_LINE_ENDS.matcher(text).replaceFirst("");
        if (body.isEmpty()) {
            throw new MalformedMetricsException("no header line");
        }
        List<String[]> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema())
                .readValues(body)) {
            while (it.hasNextValue()) {
                rows.add(it.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedMetricsException("not valid CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new MalformedMetricsException("no header line");
        }
        if (rows.size() == 1) {
            throw new MalformedMetricsException("a header line but no data row");
        }
        if (rows.size() > 2) {
            throw new MalformedMetricsException((rows.size() - 1) + " data rows, expected exactly one");
        }
        String[] header = rows.get(0);
        String[] data = rows.get(1);
        if (header.length != data.length) {
            throw new MalformedMetricsException("the header has " + header.length + " columns but the data row has "
                    + data.length);
        }
        Set<String> seen = new HashSet<>();
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            if (!seen.add(header[i])) {
                throw new MalformedMetricsException("column '" + header[i] + "' appears twice in the header");
            }
            out.put(header[i], typed(data[i]));
        }
        return out;
    }

    /** The value {@code str()} of which is {@code cell}, as far as the spelling tells. */
    static Object typed(String cell) {
        if (cell.equals("True")) {
            return Boolean.TRUE;
        }
        if (cell.equals("False")) {
            return Boolean.FALSE;
        }
        if (INT.matcher(cell).matches()) {
            BigInteger v = new BigInteger(cell);
            return v.bitLength() < 64 ? (Object) v.longValueExact() : v;
        }
        if (FLOAT.matcher(cell).matches()) {
            return switch (cell) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(cell);
            };
        }
        return cell;
    }

    /** Writes {@code row} as {@code csv.DictWriter} would: header, one data line, {@code \r\n}. */
    public static void write(Path file, Map<String, ?> row) throws IOException {
        Files.writeString(file, format(row), StandardCharsets.UTF_8);
    }

    public static String format(Map<String, ?> row) {
        StringBuilder sb = new StringBuilder();
        appendLine(sb, new ArrayList<>(row.keySet()));
        List<String> cells = new ArrayList<>(row.size());
        for (Object v : row.values()) {
            // the csv module writes None as an empty cell, everything else with str()
            cells.add(v == null ? "" : PythonRepr.str(v));
        }
        appendLine(sb, cells);
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, List<String> cells) {
        if (cells.size() == 1 && cells.get(0).isEmpty()) {
            // a lone empty field is quoted so that the line does not read as an empty row
            sb.append("\"\"\r\n");
            return;
        }
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quoteIfNeeded(cells.get(i)));
        }
        sb.append("\r\n");
    }

    /** QUOTE_MINIMAL: only fields holding the delimiter, the quote char or a line-end character. */
    private static String quoteIfNeeded(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\r') < 0 && cell.indexOf('\n') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
