package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw reading of JSON, YAML and TOML, and the messages a user sees for broken files. */
class SettingsFileFormatsTest {
    @TempDir
    Path dir;

    private String problem(String name, String content) {
        Path file = write(dir, name, content);
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsFileReader.read(file));
        return e.getMessage().replace(file.toString(), name);
    }

    @Test
    void jsonSyntaxErrorNamesFileLineAndColumn() {
        assertEquals("s.json: line 3, column 7: Unexpected character ('2' (code 50)): was expecting a colon to separate field name and value",
                problem("s.json", "{\n  \"a\": 1,\n  \"b\" 2\n}"));
    }

    @Test
    void jsonDuplicateKeyIsAnError() {
        assertEquals("s.json: line 3, column 6: duplicate key 'a'", problem("s.json", "{\n  \"a\": 1,\n  \"a\": 2\n}"));
    }

    @Test
    void jsonTrailingContentIsAnError() {
        assertEquals("s.json: line 2, column 1: unexpected content after the end of the JSON document",
                problem("s.json", "{\"a\": 1}\n{\"b\": 2}"));
    }

    @Test
    void yamlSyntaxErrorNamesFileLineAndColumn() {
        assertEquals("s.yaml: line 3, column 2: expected ',' or ']', but got : (while parsing a flow sequence started at line 2, column 4)",
                problem("s.yaml", "a: 1\nb: [1, 2\nc: 3\n"));
        assertEquals("s.yml: line 2, column 4: mapping values are not allowed here", problem("s.yml", "a: 1\n  b: 2\n"));
    }

    @Test
    void yamlDuplicateKeyIsAnError() {
        assertEquals("s.yaml: line 2, column 1: found duplicate key a (while constructing a mapping started at line 1, column 1)",
                problem("s.yaml", "a: 1\na: 2\n"));
    }

    @Test
    void tomlSyntaxErrorNamesFileLineAndColumn() {
        assertEquals("s.toml: line 3, column 1: Unexpected 'c', expected ] or a newline\n"
                + "s.toml: line 4, column 1: Unexpected end of input, expected ] or a newline",
                problem("s.toml", "a = 1\nb = [1,\nc = 2\n"));
        assertEquals("s.toml: line 2, column 1: a previously defined at line 1, column 1", problem("s.toml", "a = 1\na = 2\n"));
    }

    @Test
    void missingFileAndUnsupportedExtension() {
        Path missing = dir.resolve("nope.json");
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsFileReader.read(missing));
        assertEquals(missing + ": no such settings file", e.getMessage());
        Path ini = write(dir, "s.ini", "[a]\nb=1\n");
        e = assertThrows(SettingsException.class, () -> SettingsFileReader.read(ini));
        assertEquals(ini + ": is not a supported settings file (use .json, .yaml, .yml or .toml)", e.getMessage());
    }

    @Test
    void theTopLevelMustBeADict() {
        assertEquals("s.json: the top level must be a dict of settings, got list", problem("s.json", "[1, 2]"));
        assertEquals("s.yaml: the top level must be a dict of settings, got an empty document", problem("s.yaml", "# nothing\n"));
    }

    @Test
    void jsonValuesBecomePythonLikeJavaValues() throws SettingsException {
        Map<String, Object> m = SettingsFileReader.read(write(dir, "s.json",
                "{\"z\": 1, \"a\": 12345678901234, \"big\": 123456789012345678901234567890, \"f\": 1e-5, \"n\": null,"
                        + " \"l\": [true, \"x\"], \"nan\": NaN}"));
        assertEquals(List.of("z", "a", "big", "f", "n", "l", "nan"), new ArrayList<>(m.keySet()));
        assertEquals(1L, m.get("z"));
        assertEquals(12345678901234L, m.get("a"));
        assertEquals(new BigInteger("123456789012345678901234567890"), m.get("big"));
        assertEquals(1e-5, m.get("f"));
        assertEquals(null, m.get("n"));
        assertEquals(List.of(true, "x"), m.get("l"));
        assertEquals(Double.NaN, m.get("nan"));
    }

    @Test
    void yamlResolvesAliasesAndReadsYaml11ScalarsLikePyYaml() throws SettingsException {
        Map<String, Object> m = SettingsFileReader.read(write(dir, "s.yaml", """
                base: &base {cpus: 2, mem: 1000}
                copy: *base
                merged:
                  <<: *base
                  mem: 2000
                yes_flag: yes
                small: 1e-5
                date: 2024-08-19
                big: 123456789012345678901234567890
                octal: 017
                """));
        assertEquals(Map.of("cpus", 2L, "mem", 1000L), m.get("copy"));
        assertEquals(Map.of("cpus", 2L, "mem", 2000L), m.get("merged"));
        assertEquals(true, m.get("yes_flag"));
        assertEquals(1e-5, m.get("small"));
        assertEquals("2024-08-19", m.get("date"));
        assertEquals(new BigInteger("123456789012345678901234567890"), m.get("big"));
        assertEquals(15L, m.get("octal"));
    }

    @Test
    void tomlKeepsKeyOrderQuotedDottedKeysAndTypes() throws SettingsException {
        Map<String, Object> m = SettingsFileReader.read(write(dir, "s.toml", """
                z = 1_000
                a = 0.5
                when = 1979-05-27T07:32:00Z

                [fixed_params]
                "fn_args.w" = 1
                b = [1, "x"]

                [[entries]]
                k = true
                """));
        assertEquals(List.of("z", "a", "when", "fixed_params", "entries"), new ArrayList<>(m.keySet()));
        assertEquals(1000L, m.get("z"));
        assertEquals("1979-05-27T07:32Z", m.get("when"));
        assertEquals(Map.of("fn_args.w", 1L, "b", List.of(1L, "x")), m.get("fixed_params"));
        assertEquals(List.of("fn_args.w", "b"), new ArrayList<>(((Map<?, ?>) m.get("fixed_params")).keySet()));
        assertEquals(List.of(Map.of("k", true)), m.get("entries"));
    }

    @Test
    void loaderReportsMissingFilesRelativeToTheWorkingDirectory() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsLoader.load(RunType.GRID_SEARCH, Path.of("conf/missing.yaml"), List.of(), SettingsTestSupport.env(dir)));
        assertEquals(dir.resolve("conf/missing.yaml") + ": no such settings file", e.getMessage());
        e = assertThrows(SettingsException.class,
                () -> SettingsLoader.load(RunType.GRID_SEARCH, Path.of("settings.txt"), List.of(), SettingsTestSupport.env(dir)));
        assertEquals(dir.resolve("settings.txt") + ": is not a supported settings file (use .json, .yaml, .yml or .toml)", e.getMessage());
    }

    @Test
    void loaderReportsSyntaxErrorsOfEachFormat() {
        for (String name : List.of("bad.json", "bad.yaml", "bad.toml")) {
            String content = name.endsWith("json") ? "{\"a\": }" : name.endsWith("yaml") ? "a: [1\n" : "a = \n";
            List<String> problems = SettingsTestSupport.problems(RunType.GRID_SEARCH, dir, name, content);
            SettingsTestSupport.assertProblemContaining(problems, dir.resolve(name) + ": line ", ", column ");
        }
    }
}
