package dev.clusterutils.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, defect 5: cells with line breaks, commas and quotes survive appending, padding and sorting. */
class AllDataCsvTest {
    static final String NOTE = "line one\nline two, with \"quotes\",\r\nand a comma";

    private static Map<String, Object> row(long id, Object note, double metric) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", id * 10);
        m.put("_id", id);
        m.put("note", note);
        m.put("metric", metric);
        return m;
    }

    @Test
    void hostileCellsRoundTripThroughOurReaderAndPythonsCsvModule(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("all_data.csv");
        try (AllDataCsv csv = new AllDataCsv(file)) {
            csv.append(row(2, NOTE, Double.NaN));
            csv.append(row(0, "plain", Double.POSITIVE_INFINITY));
            Map<String, Object> late = row(1, "a,b", Double.NEGATIVE_INFINITY);
            late.put("new,column\n", "x\"y"); // a new column: the file is rewritten with the earlier rows padded
            csv.append(late);
            csv.finish("_id");
        }
        List<Map<String, String>> rows = AllDataCsv.read(file);
        assertEquals(3, rows.size());
        assertEquals(List.of("0", "1", "2"), rows.stream().map(r -> r.get("_id")).toList(), "sorted by job id");
        assertEquals(List.of("plain", "a,b", NOTE), rows.stream().map(r -> r.get("note")).toList());
        assertEquals(List.of("inf", "-inf", ""), rows.stream().map(r -> r.get("metric")).toList(), "NaN is an empty cell");
        assertEquals(List.of("", "x\"y", ""), rows.stream().map(r -> r.get("new,column\n")).toList());

        Path script = dir.resolve("read.py");
        Files.writeString(script, "import csv, json, sys\n"
                + "with open(sys.argv[1], newline='') as f:\n"
                + "    print(json.dumps([dict(r) for r in csv.DictReader(f)]))\n");
        Process p = new ProcessBuilder("python3", script.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<?> python = JsonValues.MAPPER.readValue(out, List.class);
        assertEquals(rows, python, "Python's csv module reads the same table");
    }
}
