package dev.clusterutils.protocol;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import net.razorvine.pickle.PickleException;

/**
 * The part of a pickled {@code numpy.dtype} that a metric scalar needs: kind, size and byte
 * order. Numpy pickles a scalar as {@code scalar(dtype('f8', False, True), raw bytes)} with the
 * byte order set by a BUILD state afterwards, so this object is mutable until the scalar call.
 * Only the fixed-size numeric kinds are supported; anything else (objects, strings, structured
 * dtypes) has no business in a metric and is refused.
 */
final class NumpyDtype {
    private static final Map<String, Integer> SIZES = Map.ofEntries(
            Map.entry("f8", 8), Map.entry("f4", 4), Map.entry("f2", 2),
            Map.entry("i1", 1), Map.entry("i2", 2), Map.entry("i4", 4), Map.entry("i8", 8),
            Map.entry("u1", 1), Map.entry("u2", 2), Map.entry("u4", 4), Map.entry("u8", 8),
            Map.entry("b1", 1));

    private final String code;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    private NumpyDtype(String code) {
        this.code = code;
    }

    /** {@code numpy.dtype(code, align, copy)}; only the code matters. */
    static NumpyDtype construct(Object[] args) {
        if (args.length < 1 || !(args[0] instanceof String code)) {
            throw new PickleException("numpy.dtype expects a type code");
        }
        if (!SIZES.containsKey(code)) {
            throw new PickleException("numpy dtype '" + AllowedGlobal.clip(code) + "' is not supported");
        }
        return new NumpyDtype(code);
    }

    /**
     * The BUILD state {@code (version, byteorder, subarray, names, fields, elsize, alignment,
     * flags)}; '|' means "not applicable" (1-byte kinds) and '=' the sender's native order.
     * Every machine that runs the client is little-endian in practice, so '=' is read as '<'.
     */
    void setState(Object state) {
        if (!(state instanceof Object[] tuple) || tuple.length < 2 || !(tuple[1] instanceof String bo)) {
            throw new PickleException("numpy.dtype state is not a (version, byteorder, ...) tuple");
        }
        switch (bo) {
            case "<", "|", "=" -> order = ByteOrder.LITTLE_ENDIAN;
            case ">" -> order = ByteOrder.BIG_ENDIAN;
            default -> throw new PickleException("numpy.dtype byte order '" + AllowedGlobal.clip(bo) + "' is unknown");
        }
    }

    /** Decodes the raw bytes of {@code numpy.core.multiarray.scalar(dtype, raw)} to Double, Long, BigInteger or Boolean. */
    Object decode(byte[] raw) {
        int size = SIZES.get(code);
        if (raw.length != size) {
            throw new PickleException("numpy scalar of dtype " + code + " needs " + size + " bytes, got " + raw.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(order);
        return switch (code) {
            case "f8" -> buf.getDouble();
            case "f4" -> (double) buf.getFloat();
            case "f2" -> halfToDouble(buf.getShort());
            case "i1" -> (long) buf.get();
            case "i2" -> (long) buf.getShort();
            case "i4" -> (long) buf.getInt();
            case "i8" -> buf.getLong();
            case "u1" -> (long) Byte.toUnsignedInt(buf.get());
            case "u2" -> (long) Short.toUnsignedInt(buf.getShort());
            case "u4" -> Integer.toUnsignedLong(buf.getInt());
            case "u8" -> {
                long v = buf.getLong();
                yield v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
            }
            case "b1" -> raw[0] != 0;
            default -> throw new IllegalStateException(code);
        };
    }

    /** IEEE 754 binary16 to double (Java 17 has no Float.float16ToFloat). */
    static double halfToDouble(short bits) {
        int sign = (bits & 0x8000) != 0 ? -1 : 1;
        int exp = (bits >> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return mant == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (exp == 0) {
            return sign * Math.scalb((double) mant, -24); // subnormal: mant * 2^-24
        }
        return sign * Math.scalb(1.0 + mant / 1024.0, exp - 15);
    }
}
