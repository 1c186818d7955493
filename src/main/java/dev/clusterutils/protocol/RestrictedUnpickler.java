package dev.clusterutils.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler with the dangerous and the lossy parts taken over. One instance per
 * datagram (Pyrolite keeps per-load state in fields).
 *
 * <p>Taken over, and why:
 * <ul>
 *   <li>GLOBAL / STACK_GLOBAL resolve through {@link AllowedGlobal} only; Pyrolite would turn any
 *       name into a ClassDict and its registry is static, shared by every user of the library.</li>
 *   <li>REDUCE and BUILD only act on those globals; INST, OBJ, NEWOBJ(_EX), persistent ids,
 *       extension codes and out-of-band buffers are refused (the client never sends them).</li>
 *   <li>Length-prefixed opcodes check the length against the bytes that are left before they
 *       allocate, so a forged 2 GB length cannot exhaust memory.</li>
 *   <li>Dicts are LinkedHashMaps filled in stream order (Pyrolite uses HashMaps, losing the
 *       metric order the job chose); dict keys and set members must be hashable in Python's
 *       sense, which also keeps a self-containing list from recursing in hashCode.</li>
 * </ul>
 */
final class RestrictedUnpickler extends Unpickler {
    private static final int LOWEST_PROTOCOL = 2;

    private final ByteArrayInputStream in;

    RestrictedUnpickler(byte[] data, int length) {
        this.in = new ByteArrayInputStream(data, 0, length);
    }

    /** Unpickles the whole input; trailing bytes after STOP are an error. */
    Object load() throws IOException {
        int first = in.read();
        if (first != Opcodes.PROTO) {
            throw new PickleException("not a pickle of protocol 2 or later (no PROTO opcode at the start)");
        }
        int proto = in.read();
        if (proto < LOWEST_PROTOCOL || proto > HIGHEST_PROTOCOL) {
            throw new PickleException("unsupported pickle protocol " + proto);
        }
        Object result = load(in);
        if (in.available() > 0) {
            throw new PickleException(in.available() + " bytes after the end of the pickle");
        }
        return result;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> stack.add(AllowedGlobal.resolve(readLine(), readLine()));
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new PickleException("STACK_GLOBAL needs two strings");
                }
                stack.add(AllowedGlobal.resolve(m, n));
            }
            case Opcodes.REDUCE -> {
                Object args = stack.pop();
                Object callable = stack.pop();
                if (!(callable instanceof AllowedGlobal global)) {
                    throw new PickleException("REDUCE on something that is not an allowed global");
                }
                if (!(args instanceof Object[] tuple)) {
                    throw new PickleException("REDUCE arguments are not a tuple");
                }
                stack.add(global.construct(tuple));
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                if (!(stack.peek() instanceof NumpyDtype dtype)) {
                    throw new PickleException("BUILD is only allowed on numpy.dtype");
                }
                dtype.setState(state);
            }
            case Opcodes.INST, Opcodes.OBJ, Opcodes.NEWOBJ, Opcodes.NEWOBJ_EX, Opcodes.PERSID, Opcodes.BINPERSID,
                 Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4, Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER ->
                    throw new PickleException("opcode 0x" + Integer.toHexString(key) + " is not used by the protocol");
            case Opcodes.PROTO -> throw new PickleException("PROTO opcode in the middle of the pickle");

            case Opcodes.BINUNICODE -> stack.add(new String(readCounted(readUInt32()), StandardCharsets.UTF_8));
            case Opcodes.BINUNICODE8 -> stack.add(new String(readCounted(readUInt64()), StandardCharsets.UTF_8));
            case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(readCounted(readInt32())));
            case Opcodes.BINBYTES -> stack.add(readCounted(readUInt32()));
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(readCounted(readUInt64()));
            case Opcodes.LONG4 -> stack.add(PickleUtils.decode_long(readCounted(readInt32())));

            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                List<Object> items = stack.pop_all_since_marker();
                if (items.size() % 2 != 0) {
                    throw new PickleException("DICT with an odd number of items");
                }
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, items);
                stack.add(dict);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                // Arrays.asList, not List.of: a None value is a null here
                putPairs(targetDict(), Arrays.asList(k, value));
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                if (items.size() % 2 != 0) {
                    throw new PickleException("SETITEMS with an odd number of items");
                }
                putPairs(targetDict(), items);
            }
            case Opcodes.EMPTY_SET -> stack.add(new LinkedHashSet<>());
            case Opcodes.FROZENSET -> {
                Set<Object> set = new LinkedHashSet<>();
                addMembers(set, stack.pop_all_since_marker());
                stack.add(set);
            }
            case Opcodes.ADDITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                if (!(stack.peek() instanceof Set<?> set)) {
                    throw new PickleException("ADDITEMS on something that is not a set");
                }
                @SuppressWarnings("unchecked")
                Set<Object> target = (Set<Object>) set;
                addMembers(target, items);
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private Map<Object, Object> targetDict() {
        if (!(stack.peek() instanceof Map<?, ?> map)) {
            throw new PickleException("SETITEM(S) on something that is not a dict");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> dict = (Map<Object, Object>) map;
        return dict;
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> items) {
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(hashable(items.get(i)), items.get(i + 1));
        }
    }

    private static void addMembers(Set<Object> set, List<Object> items) {
        for (Object item : items) {
            set.add(hashable(item));
        }
    }

    /**
     * Python only hashes immutable values; lists, dicts and sets as keys mean a forged pickle, and
     * hashing a list that contains itself would overflow the Java stack. Tuples are Java arrays
     * here, hashed by identity, so they are safe to use as keys.
     */
    private static Object hashable(Object key) {
        if (key == null || key instanceof String || key instanceof Number || key instanceof Boolean
                || key instanceof Object[] || key instanceof byte[] || key instanceof MessageType) {
            return key;
        }
        throw new PickleException("unhashable dict key or set member: " + key.getClass().getSimpleName());
    }

    private String readLine() throws IOException {
        return PickleUtils.readline(in);
    }

    private long readUInt32() throws IOException {
        return Integer.toUnsignedLong(PickleUtils.bytes_to_integer(readFixed(4)));
    }

    /** BINSTRING and LONG4 lengths are signed in Python's pickle; a negative one is an error. */
    private long readInt32() throws IOException {
        return PickleUtils.bytes_to_integer(readFixed(4));
    }

    private long readUInt64() throws IOException {
        byte[] b = readFixed(8);
        byte[] bigEndian = new byte[9]; // leading zero byte: unsigned
        for (int i = 0; i < 8; i++) {
            bigEndian[8 - i] = b[i];
        }
        BigInteger v = new BigInteger(bigEndian);
        return v.bitLength() < 63 ? v.longValue() : Long.MAX_VALUE;
    }

    private byte[] readFixed(int n) throws IOException {
        return readCounted(n);
    }

    /** Reads {@code n} bytes, refusing a length that the rest of the datagram cannot hold. */
    private byte[] readCounted(long n) throws IOException {
        if (n < 0 || n > in.available()) {
            throw new PickleException("length field " + n + " exceeds the " + in.available() + " bytes left");
        }
        byte[] data = new byte[(int) n];
        int read = in.readNBytes(data, 0, (int) n);
        if (read != n) {
            throw new IOException("premature end of pickle");
        }
        return data;
    }
}
