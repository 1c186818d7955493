package dev.clusterutils.protocol;

import dev.clusterutils.value.PyTuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what Pyrolite built into the project's plain value model: int to Long (BigInteger when
 * it does not fit), float to Double, bool, str, None to null, tuple to {@link PyTuple}, list to
 * List, dict to LinkedHashMap in stream order, bytes to byte[], set to List.
 *
 * <p>The walk is also where the structure is bounded: nesting deeper than {@link #MAX_DEPTH} and
 * more than {@link #MAX_NODES} values are refused. The memo lets a small pickle reference the
 * same container many times (or itself), so the output could otherwise be exponentially larger
 * than the datagram, or infinite.
 */
final class PickleValues {
    static final int MAX_DEPTH = 32;
    static final int MAX_NODES = 200_000;

    private int nodes;

    /** Normalises {@code value}, found at nesting {@code depth} (the datagram's outer tuple is depth 1). */
    Object normalise(Object value, int depth) throws MalformedMessageException {
        if (++nodes > MAX_NODES) {
            throw new MalformedMessageException("more than " + MAX_NODES + " values in one message");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Double
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? (Object) bi.longValueExact() : bi;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Object[] || value instanceof Collection<?> || value instanceof Map<?, ?>) {
            if (depth > MAX_DEPTH) {
                throw new MalformedMessageException("nesting deeper than " + MAX_DEPTH + " levels");
            }
        }
        if (value instanceof Object[] tuple) {
            return new PyTuple(normaliseAll(Arrays.asList(tuple), depth));
        }
        if (value instanceof List<?> || value instanceof Set<?>) {
            return normaliseAll((Collection<?>) value, depth);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(normalise(e.getKey(), depth + 1), normalise(e.getValue(), depth + 1));
            }
            return out;
        }
        if (value instanceof MessageType) {
            throw new MalformedMessageException("a MessageTypes member inside the payload");
        }
        throw new MalformedMessageException("unexpected value of type " + value.getClass().getSimpleName());
    }

    private List<Object> normaliseAll(Collection<?> items, int depth) throws MalformedMessageException {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(normalise(item, depth + 1));
        }
        return out;
    }
}
