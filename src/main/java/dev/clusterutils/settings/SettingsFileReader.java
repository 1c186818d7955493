package dev.clusterutils.settings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.clusterutils.value.PythonRepr;
import dev.clusterutils.value.PythonTokenizer;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import org.tomlj.TomlVersion;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one settings file into plain Java values (LinkedHashMap in file order, ArrayList, String,
 * Long or BigInteger, Double, Boolean, null), choosing the format by extension.
 *
 * <p>JSON: Jackson with duplicate keys as errors (as the original) and NaN/Infinity allowed (as
 * Python's json module). YAML: SnakeYAML's safe loader, YAML 1.1 like PyYAML's
 * {@code safe_load}; read directly rather than through Jackson's YAML tree, because that tree
 * turns an alias ({@code *name}) into the plain string {@code "name"}; duplicate keys are errors
 * here too. TOML: tomlj, TOML 1.0. Syntax errors name the file, line and column.
 */
final class SettingsFileReader {
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(SettingsLimits.MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SettingsFileReader() {
    }

    static boolean supported(Path file) {
        return format(file) != null;
    }

    private static String format(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return "json";
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return "yaml";
        }
        if (name.endsWith(".toml")) {
            return "toml";
        }
        return null;
    }

    /**
     * Runs the parser of the format {@code file} names once on a small text, so that its classes are
     * loaded and initialised (tomlj's ANTLR tables, Jackson's mapper, SnakeYAML) before the file is read.
     */
    static void warmUp(Path file) throws IOException {
        String format = format(file);
        if ("toml".equals(format)) {
            Toml.parse("a = 'x'\nb = [1, 2.5, -3]\n[c]\nd = true\n[[e]]\nf = \"g\"\n", TomlVersion.V1_0_0);
        } else if ("yaml".equals(format)) {
            new Yaml(new TextTimestamps(new LoaderOptions())).load("a: x\nb: [1, 2.5]\nc:\n  d: true\n");
        } else if ("json".equals(format)) {
            JSON.readTree("{\"a\": [1, 2.5, \"x\"], \"b\": {\"c\": true}}");
        }
    }

    /** The file's top-level dict; problems name the file. */
    static Map<String, Object> read(Path file) throws SettingsException {
        String format = format(file);
        if (format == null) {
            throw new SettingsException(file.toString(),
                    "is not a supported settings file (use .json, .yaml, .yml or .toml)");
        }
        if (!Files.isRegularFile(file)) {
            throw new SettingsException(file.toString(), "no such settings file");
        }
        try {
            if (Files.size(file) > SettingsLimits.MAX_FILE_BYTES) {
                throw new SettingsException(file.toString(), "is larger than " + SettingsLimits.MAX_FILE_BYTES / (1024 * 1024)
                        + " MiB; a settings file never needs to be");
            }
        } catch (IOException e) {
            throw new SettingsException(file.toString(), "cannot read: " + e.getMessage());
        }
        Object root = switch (format) {
            case "json" -> readJson(file);
            case "yaml" -> readYaml(file);
            default -> readToml(file);
        };
        SettingsLimits.checkTree(root, file.toString());
        if (root instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            return map;
        }
        throw new SettingsException(file.toString(), "the top level must be a dict of settings, got "
                + (root == null ? "an empty document" : PyOps.typeName(root)));
    }

    // ---- JSON -------------------------------------------------------------------------------

    private static Object readJson(Path file) throws SettingsException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonNode node = JSON.readTree(r);
            return node == null || node.isMissingNode() ? null : fromJson(node);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage();
            if (msg.startsWith("Duplicate field ")) {
                msg = "duplicate key " + msg.substring("Duplicate field ".length());
            } else if (msg.startsWith("Trailing token")) {
                msg = "unexpected content after the end of the JSON document";
            }
            if (e instanceof StreamConstraintsException) {
                msg = "dicts and lists are nested deeper than " + SettingsLimits.MAX_DEPTH + " levels";
                loc = e.getProcessor() instanceof JsonParser p ? p.currentLocation() : loc;
            }
            throw syntax(file, loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getColumnNr(), msg);
        } catch (IOException e) {
            throw new SettingsException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static Object fromJson(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), fromJson(e.getValue()));
            }
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(fromJson(x)));
            return out;
        }
        if (n.isIntegralNumber()) {
            return PythonTokenizer.normalise(n.bigIntegerValue());
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNull()) {
            return null;
        }
        return n.asText();
    }

    // ---- YAML -------------------------------------------------------------------------------

    /** PyYAML's safe loader gives dates for timestamps; settings only ever need their text. */
    private static final class TextTimestamps extends SafeConstructor {
        TextTimestamps(LoaderOptions options) {
            super(options);
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }

    private static Object readYaml(Path file) throws SettingsException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(SettingsLimits.MAX_YAML_ALIASES);
        options.setNestingDepthLimit(SettingsLimits.MAX_DEPTH);
        options.setCodePointLimit((int) SettingsLimits.MAX_FILE_BYTES);
        Yaml yaml = new Yaml(new TextTimestamps(options));
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object loaded = yaml.load(r);
            // before the copy below recurses: an alias may refer to its own list, or expand a few lines to millions
            SettingsLimits.checkTree(loaded, file.toString());
            return fromYaml(file, loaded);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String msg = e.getProblem() == null ? String.valueOf(e.getContext()) : e.getProblem().strip();
            if (e.getContext() != null && e.getProblem() != null) {
                Mark ctx = e.getContextMark();
                msg += " (" + e.getContext().strip()
                        + (ctx == null ? "" : " started at line " + (ctx.getLine() + 1) + ", column " + (ctx.getColumn() + 1)) + ")";
            }
            throw syntax(file, mark == null ? -1 : mark.getLine() + 1, mark == null ? -1 : mark.getColumn() + 1, msg);
        } catch (YAMLException e) {
            throw new SettingsException(file.toString(), "invalid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new SettingsException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    private static Object fromYaml(Path file, Object v) throws SettingsException {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                // Settings keys are names; a YAML key such as `1:` or `yes:` is read as its Python str().
                String key = e.getKey() instanceof String s ? s : PythonRepr.str(e.getKey());
                out.put(key, fromYaml(file, e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(fromYaml(file, x));
            }
            return out;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof BigInteger b) {
            return PythonTokenizer.normalise(b);
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Set<?> set) {
            return new ArrayList<>(set);
        }
        throw new SettingsException(file.toString(), "unsupported YAML value of type " + v.getClass().getSimpleName());
    }

    // ---- TOML -------------------------------------------------------------------------------

    private static Object readToml(Path file) throws SettingsException {
        TomlParseResult result;
        try {
            result = Toml.parse(file, TomlVersion.V1_0_0);
        } catch (IOException e) {
            throw new SettingsException(file.toString(), "cannot read: " + e.getMessage());
        } catch (StackOverflowError e) {
            // tomlj's parser recurses per bracket and has no depth limit of its own; the stack unwinds cleanly here
            throw new SettingsException(file.toString(), "dicts and lists are nested deeper than " + SettingsLimits.MAX_DEPTH
                    + " levels");
        }
        if (result.hasErrors()) {
            List<SettingsProblem> problems = new ArrayList<>();
            for (TomlParseError err : result.errors()) {
                problems.add(new SettingsProblem(file.toString(), "line " + err.position().line() + ", column "
                        + err.position().column() + ": " + err.getMessage()));
            }
            throw new SettingsException(problems);
        }
        try {
            return fromToml(result);
        } catch (StackOverflowError e) {
            throw new SettingsException(file.toString(), "dicts and lists are nested deeper than " + SettingsLimits.MAX_DEPTH
                    + " levels");
        }
    }

    private static Object fromToml(Object v) {
        if (v instanceof TomlTable t) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String key : t.keySet()) {
                // keySet() gives unquoted single keys; get() needs them quoted when they contain dots.
                out.put(key, fromToml(t.get(List.of(key))));
            }
            return out;
        }
        if (v instanceof TomlArray a) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                out.add(fromToml(a.get(i)));
            }
            return out;
        }
        if (v instanceof TemporalAccessor) {
            return v.toString();
        }
        return v;
    }

    private static SettingsException syntax(Path file, int line, int column, String message) {
        String where = line < 0 ? "" : "line " + line + ", column " + column + ": ";
        return new SettingsException(file.toString(), where + message);
    }
}
