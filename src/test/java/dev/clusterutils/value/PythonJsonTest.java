package dev.clusterutils.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PythonJsonTest {
    static Map<String, Object> tricky() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("t", new PyTuple(new ArrayList<>(List.of(1L, "a"))));
        inner.put("none", null);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lr", 1e-05);
        p.put("tenth", 0.1);
        p.put("one", 1.0);
        p.put("big", new BigInteger("123456789012345678901234567890"));
        p.put("text", "it's \"quoted\" \u00e9 \u2603 \\ \n tab\t");
        p.put("flag", true);
        p.put("nested", inner);
        p.put("list", List.of(1L, 2.5, List.of()));
        return p;
    }

    @Test
    void aJobReadsFromTheFileWhatTheParameterDictWouldHaveGivenIt() throws Exception {
        Map<String, Object> p = tricky();
        // the client: --parameter-dict goes through ast.literal_eval, json.dumps and json.loads; a file through json.load
        String script = String.join("\n",
                "import ast, json, math, sys",
                "viaDict = json.loads(json.dumps(ast.literal_eval(sys.argv[1])))",
                "viaFile = json.loads(sys.stdin.read())",
                "def same(a, b):",
                "    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b): return True",
                "    if type(a) != type(b): return False",
                "    if isinstance(a, dict): return list(a) == list(b) and all(same(a[k], b[k]) for k in a)",
                "    if isinstance(a, list): return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))",
                "    return a == b",
                "print(same(viaDict, viaFile))");
        Process py;
        try {
            py = new ProcessBuilder("python3", "-c", script, PythonRepr.repr(p)).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no python3: " + e);
            return;
        }
        py.getOutputStream().write(PythonJson.dumps(p).getBytes(StandardCharsets.UTF_8));
        py.getOutputStream().close();
        String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        py.waitFor(30, TimeUnit.SECONDS);
        assertEquals("True", out, PythonJson.dumps(p));
    }

    @Test
    void nanAndInfinitiesAreFloatsForTheJob() throws Exception {
        // a --parameter-dict cannot carry them (ast.literal_eval refuses nan), a file can
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("nan", Double.NaN);
        p.put("inf", Double.POSITIVE_INFINITY);
        p.put("minus_inf", Double.NEGATIVE_INFINITY);
        assertEquals("{\"nan\":NaN,\"inf\":Infinity,\"minus_inf\":-Infinity}", PythonJson.dumps(p));
        Process py;
        try {
            py = new ProcessBuilder("python3", "-c", "import json, sys; d = json.loads(sys.argv[1]); "
                    + "print(repr(d['nan']), repr(d['inf']), repr(d['minus_inf']))", PythonJson.dumps(p)).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no python3: " + e);
            return;
        }
        String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        py.waitFor(30, TimeUnit.SECONDS);
        assertEquals("nan inf -inf", out);
    }

    @Test
    void keysAreWrittenAsJsonDumpsWritesThem() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(true, 1L);
        m.put(2L, 2L);
        m.put(null, 3L);
        assertEquals("{\"true\":1,\"2\":2,\"null\":3}", PythonJson.dumps(m));
    }
}
