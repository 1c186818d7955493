package dev.clusterutils.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterutils.value.PyTuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The captured datagrams in the test resources (copied from the reference) and their typed expected decodes. */
final class WireSamples {
    static final Path DIR = Path.of("src/test/resources/reference/wire-samples");
    static final Path SYNTHETIC = DIR.resolve("synthetic-protocols");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireSamples() {
    }

    static List<Path> captured() {
        return list(DIR);
    }

    static List<Path> synthetic() {
        return list(SYNTHETIC);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path bin) {
        try {
            return Files.readAllBytes(bin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path withExtension(Path bin, String ext) {
        String name = bin.getFileName().toString();
        return bin.resolveSibling(name.substring(0, name.length() - ".bin".length()) + ext);
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message the typed decode in a sample's .json describes. */
    static JobMessage expectedMessage(JsonNode expectation) {
        JsonNode decoded = expectation.get("decoded");
        JsonNode typeNode = decoded.get("items").get(0);
        MessageType type = MessageType.fromValue(typeNode.get("value").asInt());
        if (!type.name().equals(typeNode.get("name").asText())) {
            throw new IllegalStateException("enum name and value disagree in " + expectation.get("file"));
        }
        PyTuple p = (PyTuple) value(decoded.get("items").get(1));
        long id = (Long) p.get(0);
        return switch (type) {
            case JOB_STARTED -> new JobMessage.JobStarted(id, (String) p.get(1));
            case ERROR_ENCOUNTERED -> new JobMessage.ErrorEncountered(id, strings(p.get(1)));
            case JOB_SENT_RESULTS -> new JobMessage.SentResults(id, metrics(p.get(1)));
            case JOB_CONCLUDED -> new JobMessage.Concluded(id);
            case EXIT_FOR_RESUME -> new JobMessage.ExitForResume(id);
            case JOB_PROGRESS_PERCENTAGE -> new JobMessage.Progress(id, ((Number) p.get(1)).doubleValue());
            case METRIC_EARLY_REPORT -> new JobMessage.EarlyReport(id, metrics(p.get(1)));
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Object o) {
        return (Map<String, Object>) o;
    }

    /** A typed JSON value as the decoder should normalise it. */
    static Object value(JsonNode node) {
        String type = node.get("type").asText();
        return switch (type) {
            case "None" -> null;
            case "bool" -> node.get("value").asBoolean();
            case "str" -> node.get("value").asText();
            case "int" -> integer(node.get("value").bigIntegerValue());
            case "float" -> floating(node.get("value"));
            case "numpy" -> {
                String dtype = node.get("dtype").asText();
                JsonNode v = node.get("value");
                if (dtype.startsWith("float")) {
                    yield floating(v);
                } else if (dtype.startsWith("int") || dtype.startsWith("uint")) {
                    yield integer(v.bigIntegerValue());
                } else if (dtype.equals("bool")) {
                    yield v.asBoolean();
                }
                throw new IllegalArgumentException("dtype " + dtype);
            }
            case "tuple" -> new PyTuple(items(node));
            case "list" -> items(node);
            case "dict" -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (JsonNode pair : node.get("items")) {
                    map.put(value(pair.get(0)), value(pair.get(1)));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("typed JSON type " + type);
        };
    }

    private static List<Object> items(JsonNode node) {
        List<Object> out = new ArrayList<>();
        node.get("items").forEach(n -> out.add(value(n)));
        return out;
    }

    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValueExact() : v;
    }

    private static Double floating(JsonNode v) {
        if (v.isTextual()) {
            return switch (v.asText()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException(v.asText());
            };
        }
        return v.doubleValue();
    }
}
