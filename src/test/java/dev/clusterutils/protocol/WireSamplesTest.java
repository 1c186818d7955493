package dev.clusterutils.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterutils.value.PyTuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every captured and synthetic datagram of the reference samples (test resources) decodes to exactly the expected message. */
class WireSamplesTest {
    private final MessageDecoder decoder = new MessageDecoder();

    static List<Path> captured() {
        return WireSamples.captured();
    }

    static List<Path> synthetic() {
        return WireSamples.synthetic();
    }

    @Test
    void everySampleInTheIndexIsTestedAndNoOther() throws IOException {
        // guards against a silently empty parameter source if the samples folder moves
        List<String> indexed = index().stream().map(row -> row[0]).sorted().toList();
        assertEquals(indexed, captured().stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(synthetic().size() >= 27, "synthetic samples: " + synthetic().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void capturedDatagramMatchesItsIndexRow(Path bin) throws Exception {
        String[] row = index().stream().filter(r -> r[0].equals(bin.getFileName().toString())).findFirst().orElseThrow();
        byte[] data = WireSamples.bytes(bin);
        JobMessage actual = decoder.decode(data, data.length);
        // columns: file seq type type_int job_id bytes protocol sha256 ...
        assertEquals(row[2], actual.type().name());
        assertEquals(Integer.parseInt(row[3]), actual.type().value());
        assertEquals(Long.parseLong(row[4]), actual.jobId());
        assertEquals(Integer.parseInt(row[5]), data.length);
        assertEquals(Integer.parseInt(row[6]), data[1]);
    }

    private static List<String[]> index() throws IOException {
        return Files.readAllLines(WireSamples.DIR.resolve("index.tsv")).stream().skip(1)
                .filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void capturedDatagramDecodesToTheTypedExpectation(Path bin) throws Exception {
        byte[] data = WireSamples.bytes(bin);
        JsonNode expectation = WireSamples.json(WireSamples.withExtension(bin, ".json"));
        assertEquals(expectation.get("length").asInt(), data.length);

        JobMessage actual = decoder.decode(data, data.length);

        JobMessage expected = WireSamples.expectedMessage(expectation);
        assertEquals(expectation.get("message_type").asText(), actual.type().name());
        assertEquals(expected, actual);
        assertSameOrder(expected, actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("synthetic")
    void syntheticProtocolVariantDecodesLikeItsCapturedOriginal(Path bin) throws Exception {
        byte[] data = WireSamples.bytes(bin);
        String txt = Files.readString(WireSamples.withExtension(bin, ".txt"));
        int protocol = Integer.parseInt(field(txt, "pickle_protocol: (\\d+)"));
        assertEquals(protocol, data[1], "PROTO byte");
        assertEquals(Integer.parseInt(field(txt, "length_bytes: (\\d+)")), data.length);

        JobMessage actual = decoder.decode(data, data.length);

        // decoded_repr: (<MessageTypes.NAME: n>, (id, ...))
        assertEquals(field(txt, "decoded_repr: \\(<MessageTypes\\.(\\w+): "), actual.type().name());
        assertEquals(Long.parseLong(field(txt, "decoded_repr: \\(<MessageTypes\\.\\w+: \\d+>, \\((\\d+)")),
                actual.jobId());
        // the variants are re-pickles of a captured datagram, so they must decode to the same message
        String name = bin.getFileName().toString();
        Path original = WireSamples.DIR.resolve(name.replaceFirst("\\.proto\\d\\.bin$", ".bin"));
        JobMessage expected = WireSamples.expectedMessage(WireSamples.json(WireSamples.withExtension(original, ".json")));
        assertEquals(expected, actual);
        assertSameOrder(expected, actual);
    }

    @Test
    void numpyScalarsAndSpecialFloatsKeepTheirValues() throws Exception {
        byte[] data = WireSamples.bytes(WireSamples.DIR.resolve("f_api_types_04_JOB_SENT_RESULTS.bin"));
        JobMessage.SentResults m = assertInstanceOf(JobMessage.SentResults.class, decoder.decode(data));
        Map<String, Object> metrics = m.metrics();
        assertEquals(-2.5e-10, metrics.get("np_float64"));
        assertEquals((double) 1e20f, metrics.get("np_float32"));
        assertEquals(-9L, metrics.get("np_int64"));
        assertEquals(false, metrics.get("np_bool"));
        assertEquals(new java.math.BigInteger("1180591620717411303424"), metrics.get("huge_int"));
        assertEquals(1099511627776L, metrics.get("big_int"));
        assertTrue(Double.isNaN((Double) metrics.get("nan")));
        assertEquals(Double.NEGATIVE_INFINITY, metrics.get("ninf"));
        assertEquals(-0.0, metrics.get("py_neg"));
        assertEquals("héllo ✓", metrics.get("text"));
        assertTrue(metrics.containsKey("none") && metrics.get("none") == null);
        assertEquals(List.of("py_float", "py_int", "py_bool", "py_neg", "big_int", "huge_int", "nan", "inf", "ninf",
                "text", "ünïcode_key", "none", "np_float64", "np_float32", "np_int64", "np_bool", "np_0d_array",
                "time_elapsed"), new ArrayList<>(metrics.keySet()));
    }

    @Test
    void bothEnumFormsAreAccepted() throws Exception {
        // Debian's 3.11.2 pickles the name form, the pyenv builds the value form
        JobMessage nameForm = decoder.decode(WireSamples.bytes(WireSamples.DIR.resolve("c_api_ok_01_JOB_STARTED.bin")));
        JobMessage valueForm = decoder.decode(WireSamples.bytes(WireSamples.DIR.resolve("py38_api_ok_01_JOB_STARTED.bin")));
        assertEquals(MessageType.JOB_STARTED, nameForm.type());
        assertEquals(MessageType.JOB_STARTED, valueForm.type());
    }

    private static String field(String txt, String regex) {
        Matcher m = Pattern.compile(regex).matcher(txt);
        assertTrue(m.find(), regex);
        return m.group(1);
    }

    /** Map equality ignores order; the job's metric order is part of what the server keeps. */
    private static void assertSameOrder(JobMessage expected, JobMessage actual) {
        if (expected instanceof JobMessage.SentResults e && actual instanceof JobMessage.SentResults a) {
            assertDeepOrder(e.metrics(), a.metrics());
        } else if (expected instanceof JobMessage.EarlyReport e && actual instanceof JobMessage.EarlyReport a) {
            assertDeepOrder(e.metrics(), a.metrics());
        }
    }

    private static void assertDeepOrder(Object expected, Object actual) {
        if (expected instanceof Map<?, ?> e) {
            Map<?, ?> a = (Map<?, ?>) actual;
            assertEquals(new ArrayList<>(e.keySet()), new ArrayList<>(a.keySet()));
            e.forEach((k, v) -> assertDeepOrder(v, a.get(k)));
        } else if (expected instanceof List<?> e) {
            for (int i = 0; i < e.size(); i++) {
                assertDeepOrder(e.get(i), ((List<?>) actual).get(i));
            }
        } else if (expected instanceof PyTuple e) {
            assertDeepOrder(e.items(), ((PyTuple) actual).items());
        }
    }
}
