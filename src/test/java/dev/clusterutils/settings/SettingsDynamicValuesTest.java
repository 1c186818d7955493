package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.value.PyTuple;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dynamic values: f-string templates evaluated on the server, or kept for the job's client. */
class SettingsDynamicValuesTest {

    private static DynamicValues dynamic() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("name", "run");
        raw.put("base", 10L);
        raw.put("lr", 0.001);
        raw.put("flag", true);
        raw.put("width", 6L);
        raw.put("b", "{1+1}");
        raw.put("nested", Map.of("inner", 5L));
        return new DynamicValues(raw, env(Path.of("/tmp")));
    }

    private static Object resolve(String s) {
        return dynamic().resolveString(s);
    }

    @Test
    void stringsWithoutBracesStayStrings() {
        assertEquals("123", resolve("123"));
        assertEquals("True", resolve("True"));
        assertEquals("/home/alice/tmp", resolve("/home/alice/tmp"));
        assertEquals("a\\tb", resolve("a\\tb"));
    }

    @Test
    void evaluatedTextThatIsALiteralBecomesItsValue() {
        assertEquals(1.0 / 3, resolve("{1/3}"));
        assertEquals(List.of(1L, 2L, 3L), resolve("{list(range(1,4))}"));
        assertEquals(20L, resolve("{base * 2}"));
        assertEquals(true, resolve("{flag}"));
        assertEquals(5L, resolve("{nested.inner}"));
        assertEquals(0.1, resolve("{0.1:.3f}"));
        assertEquals(List.of(1L, 2L), resolve("{[1, 2]}"));
        assertEquals(PyTuple.of(1L, 2L), resolve("{(1, 2)}"));
        assertEquals(true, resolve("{base > 5 and lr < 0.01}"));
        assertEquals(101L, resolve("{base}{1}"));
    }

    @Test
    void evaluatedTextThatIsNoLiteralStaysText() {
        assertEquals("/home/alice/x", resolve("{$HOME}/x"));
        assertEquals("alice", resolve("{$USER}"));
        assertEquals("alice", resolve("{ENV_USER}"));
        assertEquals("/tmp/run", resolve("/tmp/{name}"));
        assertEquals("run", resolve("{name}"));
        assertEquals("run", resolve("{name!r}"));
        assertEquals("lr_0.001", resolve("lr_{lr}"));
        assertEquals("14:03:12-19Aug24", resolve("{__timestamp__}"));
        assertEquals("{literal}", resolve("{{literal}}"));
        assertEquals("    10|", resolve("{base:>{width}}|"));
        assertEquals("hi alice", resolve("{$GREETING} {$USER}"));
    }

    @Test
    void anythingThatFailsKeepsTheOriginalStringForTheJob() {
        for (String s : List.of("{fn_args.y/3}", "{fn_args.u < 0.2}", "{pairs[0]}", "{$NOT_SET}/x", "{}", "a}b", "{1/0}",
                "{undefined}", "{name.upper()}", "{open('x')}", "{base:q}", "{[x for x in 'ab']}", "{'unterminated}",
                "{1+1} \"quoted\"", "line\n{base}")) {
            assertEquals(s, resolve(s), s);
        }
    }

    @Test
    void referencesSeeRawValues() {
        DynamicValues d = dynamic();
        assertEquals(2L, d.resolveString("{1+1}"));
        // b is the raw text "{1+1}", not 2: formatting gives "{1+1}", which is a set display, not a supported literal.
        assertEquals("{1+1}", d.resolveString("{b}"));
        assertEquals("x{1+1}", d.resolveString("x{b}"));
    }

    @Test
    void walksDictsAndListsButNotKeys() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("{base}", "{base}");
        tree.put("list", List.of("{1+1}", 3L, Map.of("x", "{lr*2}")));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) dynamic().resolve(tree);
        assertEquals(10L, out.get("{base}"));
        assertEquals(List.of(2L, 3L, Map.of("x", 0.002)), out.get("list"));
    }

    @Test
    void collectsTheNamesTemplatesRead() {
        DynamicValues d = dynamic();
        d.resolveString("{my_var * 2}");
        d.resolveString("{fn_args.y / 3}");
        d.resolveString("{$USER}");
        assertEquals(List.of("my_var", "fn_args", "ENV_USER"), List.copyOf(d.referencedNames()));
    }

    @Test
    void userVariablesReferencedByTemplatesAreAllowedAtTheTopLevel(@TempDir Path dir) throws SettingsException {
        String content = SettingsTestSupport.grid("""
                "base_lr": 0.5,
                  "fixed_params": {"lr": "{base_lr / 10}", "tag": "{optimization_procedure_name}-{$USER}",
                                   "job_side": "{fn_args.y / 3}"}""").replace("\"fixed_params\": {},", "");
        RunSettings s = SettingsTestSupport.load(RunType.GRID_SEARCH, dir, "s.json", content).settings();
        assertEquals(0.05, s.fixedParams().get("lr"));
        assertEquals("run-alice", s.fixedParams().get("tag"));
        assertEquals("{fn_args.y / 3}", s.fixedParams().get("job_side"));
        assertEquals(0.5, s.resolved().get("base_lr"));
    }

    @Test
    void gridValuesMayComeFromATemplate(@TempDir Path dir) throws SettingsException {
        String content = SettingsTestSupport.grid("").replace("\"values\": [1, 2]", "\"values\": \"{[x * 2 for x in range(3)]}\"");
        List<String> problems = SettingsTestSupport.problems(RunType.GRID_SEARCH, dir, "s.json", content);
        SettingsTestSupport.assertHasProblem(problems,
                "hyperparam_list[0].values: expected list, got str '{[x * 2 for x in range(3)]}'");
        content = SettingsTestSupport.grid("").replace("\"values\": [1, 2]", "\"values\": \"{list(range(0, 6, 2))}\"");
        RunSettings s = SettingsTestSupport.load(RunType.GRID_SEARCH, dir, "s.json", content).settings();
        assertEquals(List.of(0L, 2L, 4L), s.grid().hyperparamList().get(0).values());
        assertTrue(s.grid().hyperparamList().get(0).names().contains("x"));
    }
}
