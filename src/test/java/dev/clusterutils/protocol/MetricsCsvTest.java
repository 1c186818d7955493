package dev.clusterutils.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.value.PyTuple;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsCsvTest {
    /** What Python 3.11's csv.DictWriter wrote for the same dict (see {@link #row()}). */
    private static final String PYTHON_OUTPUT = "loss,acc,small,big,nan,inf,ninf,neg,flag,off,name,none,huge,multi,lst,tup,"
            + "time_elapsed\r\n0.1,3,1e-05,1e+16,nan,inf,-inf,-0.0,True,False,\"a,b \"\"c\"\"\",,1180591620717411303424,"
            + "\"l1\nl2\",\"[1, 'x']\",\"(1,)\",1.2345\r\n";

    private static Map<String, Object> row() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("loss", 0.1);
        row.put("acc", 3L);
        row.put("small", 1e-05);
        row.put("big", 1e16);
        row.put("nan", Double.NaN);
        row.put("inf", Double.POSITIVE_INFINITY);
        row.put("ninf", Double.NEGATIVE_INFINITY);
        row.put("neg", -0.0);
        row.put("flag", true);
        row.put("off", false);
        row.put("name", "a,b \"c\"");
        row.put("none", null);
        row.put("huge", BigInteger.TWO.pow(70));
        row.put("multi", "l1\nl2");
        row.put("lst", List.of(1L, "x"));
        row.put("tup", PyTuple.of(1L));
        row.put("time_elapsed", 1.2345);
        return row;
    }

    @Test
    void writesExactlyWhatPythonsDictWriterWrites() {
        assertEquals(PYTHON_OUTPUT, MetricsCsv.format(row()));
    }

    @Test
    void readsPythonsOutputBackWithTypes() throws Exception {
        Map<String, Object> read = MetricsCsv.parse(PYTHON_OUTPUT);
        assertEquals(new ArrayList<>(row().keySet()), new ArrayList<>(read.keySet()));
        assertEquals(0.1, read.get("loss"));
        assertEquals(3L, read.get("acc"));
        assertEquals(1e-05, read.get("small"));
        assertEquals(1e16, read.get("big"));
        assertEquals(Double.NaN, read.get("nan"));
        assertEquals(Double.POSITIVE_INFINITY, read.get("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, read.get("ninf"));
        assertEquals(-0.0, read.get("neg"));
        assertEquals(true, read.get("flag"));
        assertEquals(false, read.get("off"));
        assertEquals("a,b \"c\"", read.get("name"));
        assertEquals("", read.get("none"), "str(None) is lost: the csv module writes an empty cell");
        assertEquals(BigInteger.TWO.pow(70), read.get("huge"));
        assertEquals("l1\nl2", read.get("multi"));
        assertEquals("[1, 'x']", read.get("lst"));
        assertEquals("(1,)", read.get("tup"));
        assertEquals(1.2345, read.get("time_elapsed"));
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.csv");
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("ünïcode", 1.0);
        metrics.put("steps", 1000L);
        metrics.put("text", "héllo ✓");
        metrics.put("ok", true);
        MetricsCsv.write(file, metrics);
        assertEquals("ünïcode,steps,text,ok\r\n1.0,1000,héllo ✓,True\r\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(metrics, MetricsCsv.read(file));
    }

    @Test
    void aLoneEmptyFieldIsQuotedLikePythonDoes() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", "");
        assertEquals("a\r\n\"\"\r\n", MetricsCsv.format(row));
        assertEquals(row, MetricsCsv.parse("a\r\n\"\"\r\n"));
        Map<String, Object> blank = new LinkedHashMap<>();
        blank.put("", "");
        assertEquals("\"\"\r\n\"\"\r\n", MetricsCsv.format(blank));
        assertEquals(blank, MetricsCsv.parse("\"\"\r\n\"\"\r\n"));
    }

    @Test
    void spacesAreKept() throws Exception {
        assertEquals(Map.of("a b", " lead"), MetricsCsv.parse("a b\r\n lead\r\n"));
    }

    @Test
    void plainNewlinesAreAcceptedToo() throws Exception {
        assertEquals(Map.of("x", 2L), MetricsCsv.parse("x\n2\n"));
        assertEquals(Map.of("x", 2L), MetricsCsv.parse("x\r\n2"));
        assertEquals(Map.of("x", 2L), MetricsCsv.parse("x\r\n2\r\n\r\n\n"));
    }

    @Test
    void aTrailingCommaIsAnEmptyLastCell() throws Exception {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1L);
        expected.put("b", "");
        assertEquals(expected, MetricsCsv.parse("a,b\r\n1,\r\n"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0          | Long",
        "-17        | Long",
        "9223372036854775808 | BigInteger",
        "1.5        | Double",
        "-2.0       | Double",
        "1e-05      | Double",
        "1.5e+16    | Double",
        "1E5        | Double",
        "nan        | Double",
        "-inf       | Double",
        "True       | Boolean",
        "False      | Boolean",
        "true       | String",
        "NaN        | String",
        "Infinity   | String",
        "1_000      | String",
        "0x10       | String",
        "abc        | String",
        "1.2.3      | String",
        "e5         | String",
    })
    void typesComeBackFromTheSpelling(String cell, String type) {
        assertEquals(type, MetricsCsv.typed(cell).getClass().getSimpleName());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty file         | ''                         | empty file",
        "only blank lines   | '\r\n\r\n'                 | no header line",
        "no data row        | 'a,b\r\n'                  | a header line but no data row",
        "two data rows      | 'a,b\r\n1,2\r\n3,4\r\n'    | 2 data rows, expected exactly one",
        "blank line inside  | 'a\r\n\r\n1\r\n'           | 2 data rows, expected exactly one",
        "short data row     | 'a,b,c\r\n1,2\r\n'         | the header has 3 columns but the data row has 2",
        "long data row      | 'a\r\n1,2\r\n'             | the header has 1 columns but the data row has 2",
        "duplicate column   | 'a,a\r\n1,2\r\n'           | column 'a' appears twice",
        "unclosed quote     | 'a\r\n\"1\r\n'             | not valid CSV",
    })
    void malformedFilesAreRefusedWithAReason(String name, String text, String reason) {
        String unescaped = text.replace("\\r", "\r").replace("\\n", "\n");
        MalformedMetricsException e = assertThrows(MalformedMetricsException.class, () -> MetricsCsv.parse(unescaped));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void readNamesTheFileInTheReason(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, "");
        MalformedMetricsException e = assertThrows(MalformedMetricsException.class, () -> MetricsCsv.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().endsWith("empty file"), e.getMessage());
        Files.write(file, new byte[] {'a', '\r', '\n', (byte) 0xff, '\r', '\n'});
        assertTrue(assertThrows(MalformedMetricsException.class, () -> MetricsCsv.read(file)).getMessage()
                .contains("not UTF-8"));
    }

    @Test
    void nestedValuesAreWrittenAsPythonWould() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("d", new LinkedHashMap<>(Map.of("k", 1L)));
        row.put("l", Arrays.asList(null, 2.5, "it's"));
        assertEquals("d,l\r\n{'k': 1},\"[None, 2.5, \"\"it's\"\"]\"\r\n", MetricsCsv.format(row));
    }
}
