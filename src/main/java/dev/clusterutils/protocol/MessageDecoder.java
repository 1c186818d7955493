package dev.clusterutils.protocol;

import dev.clusterutils.value.PyTuple;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one UDP datagram of the cluster_utils client, {@code pickle.dumps((MessageTypes.X,
 * payload))}, into a {@link JobMessage}.
 *
 * <p>The datagram comes from the network, so it is treated as hostile: only the globals listed in
 * {@link AllowedGlobal} are resolved, lengths are checked before allocation, the size is capped at
 * the UDP limit and the nesting at {@value PickleValues#MAX_DEPTH}, and the payload must have
 * exactly the shape the client sends for its type. Anything else is a
 * {@link MalformedMessageException} saying why.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessageDecoder {
    /** The largest UDP payload over IPv4 (65,535 - 8 byte UDP header - 20 byte IP header). */
    public static final int MAX_DATAGRAM_BYTES = 65_507;
    /** Containers nested deeper than this are refused. */
    public static final int MAX_DEPTH = PickleValues.MAX_DEPTH;

    public JobMessage decode(byte[] data) throws MalformedMessageException {
        return decode(data, data.length);
    }

    /** Decodes the first {@code length} bytes of {@code data}. */
    public JobMessage decode(byte[] data, int length) throws MalformedMessageException {
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("length " + length + " outside the buffer of " + data.length + " bytes");
        }
        if (length == 0) {
            throw new MalformedMessageException("empty datagram");
        }
        if (length > MAX_DATAGRAM_BYTES) {
            throw new MalformedMessageException("datagram of " + length + " bytes exceeds the UDP limit of "
                    + MAX_DATAGRAM_BYTES);
        }
        Object raw;
        try {
            raw = new RestrictedUnpickler(data, length).load();
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("not a valid message pickle: " + describe(e), e);
        } catch (StackOverflowError e) {
            // defensive: nothing in the restricted unpickler recurses, but a datagram must never kill the reader
            throw new MalformedMessageException("not a valid message pickle: too deeply structured");
        }
        if (!(raw instanceof Object[] outer) || outer.length != 2) {
            throw new MalformedMessageException("not a (message type, payload) tuple");
        }
        MessageType type = messageType(outer[0]);
        Object payload = new PickleValues().normalise(outer[1], 2);
        if (!(payload instanceof PyTuple tuple)) {
            throw new MalformedMessageException(type + " payload is not a tuple");
        }
        return toMessage(type, tuple);
    }

    /** The enum member, or a plain int, which the original server accepts as well (it dispatches on the value). */
    private static MessageType messageType(Object o) throws MalformedMessageException {
        if (o instanceof MessageType t) {
            return t;
        }
        if (o instanceof Integer || o instanceof Long) {
            MessageType t = MessageType.fromValue(((Number) o).longValue());
            if (t != null) {
                return t;
            }
            throw new MalformedMessageException("unknown message type " + o);
        }
        throw new MalformedMessageException("the message type is not a MessageTypes member");
    }

    private static JobMessage toMessage(MessageType type, PyTuple p) throws MalformedMessageException {
        return switch (type) {
            case JOB_STARTED -> {
                arity(type, p, 2, "(job id, hostname)");
                yield new JobMessage.JobStarted(jobId(type, p), string(type, p.get(1), "hostname"));
            }
            case ERROR_ENCOUNTERED -> {
                arity(type, p, 2, "(job id, [traceback lines])");
                yield new JobMessage.ErrorEncountered(jobId(type, p), lines(type, p.get(1)));
            }
            case JOB_SENT_RESULTS -> {
                arity(type, p, 2, "(job id, {metric: value})");
                yield new JobMessage.SentResults(jobId(type, p), metrics(type, p.get(1)));
            }
            case JOB_CONCLUDED -> {
                arity(type, p, 1, "(job id,)");
                yield new JobMessage.Concluded(jobId(type, p));
            }
            case EXIT_FOR_RESUME -> {
                arity(type, p, 1, "(job id,)");
                yield new JobMessage.ExitForResume(jobId(type, p));
            }
            case JOB_PROGRESS_PERCENTAGE -> {
                arity(type, p, 2, "(job id, fraction)");
                yield new JobMessage.Progress(jobId(type, p), fraction(type, p.get(1)));
            }
            case METRIC_EARLY_REPORT -> {
                arity(type, p, 2, "(job id, {metric: value})");
                yield new JobMessage.EarlyReport(jobId(type, p), metrics(type, p.get(1)));
            }
        };
    }

    private static void arity(MessageType type, PyTuple p, int n, String shape) throws MalformedMessageException {
        if (p.size() != n) {
            throw new MalformedMessageException(type + " payload must be " + shape + ", got a tuple of " + p.size());
        }
    }

    private static long jobId(MessageType type, PyTuple p) throws MalformedMessageException {
        Object id = p.get(0);
        if (id instanceof Long l && l >= 0) {
            return l;
        }
        if (id instanceof Long || id instanceof BigInteger) {
            throw new MalformedMessageException(type + " job id " + AllowedGlobal.clip(id.toString())
                    + " is outside 0.." + Long.MAX_VALUE);
        }
        throw new MalformedMessageException(type + " job id is not an int");
    }

    private static String string(MessageType type, Object o, String what) throws MalformedMessageException {
        if (o instanceof String s) {
            return s;
        }
        throw new MalformedMessageException(type + " " + what + " is not a str");
    }

    private static List<String> lines(MessageType type, Object o) throws MalformedMessageException {
        if (!(o instanceof List<?> list)) {
            throw new MalformedMessageException(type + " traceback is not a list of str");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object line : list) {
            out.add(string(type, line, "traceback line"));
        }
        return out;
    }

    private static Map<String, Object> metrics(MessageType type, Object o) throws MalformedMessageException {
        if (!(o instanceof Map<?, ?> map)) {
            throw new MalformedMessageException(type + " metrics are not a dict");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(string(type, e.getKey(), "metric name"), e.getValue());
        }
        return out;
    }

    private static double fraction(MessageType type, Object o) throws MalformedMessageException {
        if (o instanceof Double || o instanceof Long || o instanceof BigInteger) {
            return ((Number) o).doubleValue();
        }
        throw new MalformedMessageException(type + " fraction is not a number");
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : AllowedGlobal.clip(msg);
    }
}
