package dev.clusterutils.results;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.clusterutils.value.PythonRepr;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV files of a run, written and read with Jackson's CSV module: a cell holding a comma, a
 * quote or a line break is quoted (RFC 4180, as Python's csv module and pandas read it), and
 * reading follows the quotes across lines. Cells are what pandas' {@code to_csv} writes: empty for
 * None and NaN, {@code inf}/{@code -inf} for infinities, True/False, a float's repr.
 */
public final class CsvCells {
    // strict: quote only where a reader needs it (separator, quote, line break), as pandas does
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final ObjectWriter ROW = MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("\n"));
    private static final ObjectReader ROWS = MAPPER.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvSchema.emptySchema());

    private CsvCells() {
    }

    /** The text of one cell, not yet quoted. */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d.isNaN()) {
            return "";
        }
        return PythonRepr.str(value);
    }

    /** One record, quoted where needed, without its line break. */
    public static String line(List<String> cells) {
        try {
            String s = ROW.writeValueAsString(cells.toArray(String[]::new));
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of a CSV file, the header first; a quoted cell may span lines. */
    public static List<List<String>> read(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<String[]> it = ROWS.readValues(r)) {
            while (it.hasNextValue()) {
                out.add(new ArrayList<>(List.of(it.nextValue())));
            }
        }
        return out;
    }
}
