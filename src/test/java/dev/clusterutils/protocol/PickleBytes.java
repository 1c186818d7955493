package dev.clusterutils.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles pickles opcode by opcode, to forge the datagrams a well-behaved client never sends. */
final class PickleBytes {
    static final int MARK = '(', STOP = '.', TUPLE = 't', TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87,
            EMPTY_TUPLE = ')', EMPTY_LIST = ']', EMPTY_DICT = '}', APPEND = 'a', APPENDS = 'e', SETITEM = 's',
            SETITEMS = 'u', REDUCE = 'R', BUILD = 'b', STACK_GLOBAL = 0x93, MEMOIZE = 0x94, BINGET = 'h',
            NONE = 'N', NEWTRUE = 0x88, BINFLOAT = 'G', BINUNICODE = 'X', BINBYTES = 'B', LONG4 = 0x8b,
            BINUNICODE8 = 0x8d, SHORT_BINBYTES = 'C', DUP = '2', NEWOBJ = 0x81, INST = 'i', OBJ = 'o',
            BINPERSID = 'Q', EXT1 = 0x82, EMPTY_SET = 0x8f, ADDITEMS = 0x90, FRAME = 0x95;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes proto(int version) {
        return new PickleBytes().op(0x80).op(version);
    }

    PickleBytes op(int... opcodes) {
        for (int b : opcodes) {
            out.write(b);
        }
        return this;
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 256) {
            op(0x8c, b.length);
        } else {
            op(BINUNICODE);
            le(b.length, 4);
        }
        out.writeBytes(b);
        return this;
    }

    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K', (int) v);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            return le(v, 4);
        }
        op(0x8a, 8); // LONG1, 8 bytes two's complement little-endian
        return le(v, 8);
    }

    PickleBytes le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    PickleBytes global(String module, String name) {
        return str(module).str(name).op(STACK_GLOBAL);
    }

    /** {@code MessageTypes(n)}, the value form. */
    PickleBytes messageType(int n) {
        return global("cluster_utils.base.communication", "MessageTypes").integer(n).op(TUPLE1, REDUCE);
    }

    /** {@code getattr(MessageTypes, name)}, the name form. */
    PickleBytes messageTypeByName(String name) {
        return global("builtins", "getattr").global("cluster_utils.base.communication", "MessageTypes")
                .str(name).op(TUPLE2, REDUCE);
    }

    byte[] stop() {
        op(STOP);
        return out.toByteArray();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] hex(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
