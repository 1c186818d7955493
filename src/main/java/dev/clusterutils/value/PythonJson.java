package dev.clusterutils.value;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A value as Python's {@code json.dumps} writes the same value read from its {@link PythonRepr}:
 * tuples become lists, dict keys strings ({@code True} as {@code "true"}), NaN and infinities the
 * bare tokens {@code json.load} reads back. The client library sends a {@code --parameter-dict}
 * through exactly this round trip, so a job reads the same parameters from such a file.
 */
public final class PythonJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private PythonJson() {
    }

    public static String dumps(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            g.writeNumber(((Number) value).doubleValue()); // a Python float, as PythonRepr writes it
        } else if (value instanceof BigInteger bi) {
            g.writeNumber(bi);
        } else if (value instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (value instanceof PyTuple t) {
            writeItems(g, t.items());
        } else if (value instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(key(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> c) {
            writeItems(g, c);
        } else if (value instanceof Object[] arr) {
            writeItems(g, Arrays.asList(arr));
        } else {
            g.writeString(value.toString());
        }
    }

    private static void writeItems(JsonGenerator g, Collection<?> items) throws IOException {
        g.writeStartArray();
        for (Object item : items) {
            write(g, item);
        }
        g.writeEndArray();
    }

    /** json.dumps's key: a str as it is; None, bools and numbers as their JSON text. */
    private static String key(Object k) {
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (k instanceof Number) {
            return PythonRepr.repr(k);
        }
        return k.toString();
    }
}
