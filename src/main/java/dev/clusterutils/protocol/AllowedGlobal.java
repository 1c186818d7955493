package dev.clusterutils.protocol;

import java.nio.charset.StandardCharsets;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;

/**
 * The only Python globals a job message may refer to. A pickle can name any callable in the
 * sender's interpreter ({@code os.system}, {@code builtins.eval}, ...); the server resolves just
 * these, each to a small Java function that accepts only the arguments the protocol uses, and
 * refuses every other name. Pyrolite's own constructor registry is static and turns unknown
 * names into dictionaries, so it is never consulted.
 */
enum AllowedGlobal implements IObjectConstructor {
    /** {@code MessageTypes(n)}: the value form of the enum pickle. */
    MESSAGE_TYPES {
        @Override
        public Object construct(Object[] args) {
            if (args.length != 1 || !(args[0] instanceof Integer || args[0] instanceof Long)) {
                throw new PickleException("MessageTypes(...) expects one int");
            }
            MessageType t = MessageType.fromValue(((Number) args[0]).longValue());
            if (t == null) {
                throw new PickleException("MessageTypes has no member with value " + args[0]);
            }
            return t;
        }
    },
    /** {@code getattr(MessageTypes, 'NAME')}: the name form of the enum pickle, and nothing else. */
    GETATTR {
        @Override
        public Object construct(Object[] args) {
            if (args.length != 2 || args[0] != MESSAGE_TYPES || !(args[1] instanceof String name)) {
                throw new PickleException("getattr is only allowed as getattr(MessageTypes, '<member name>')");
            }
            MessageType t = MessageType.fromName(name);
            if (t == null) {
                throw new PickleException("MessageTypes has no member '" + clip(name) + "'");
            }
            return t;
        }
    },
    /** {@code numpy.dtype('f8', False, True)}, completed by a BUILD state. */
    NUMPY_DTYPE {
        @Override
        public Object construct(Object[] args) {
            return NumpyDtype.construct(args);
        }
    },
    /** {@code numpy.core.multiarray.scalar(dtype, raw bytes)}: a numpy scalar metric value. */
    NUMPY_SCALAR {
        @Override
        public Object construct(Object[] args) {
            if (args.length != 2 || !(args[0] instanceof NumpyDtype dtype)) {
                throw new PickleException("numpy scalar expects (dtype, raw bytes)");
            }
            byte[] raw;
            if (args[1] instanceof byte[] b) {
                raw = b;
            } else if (args[1] instanceof String s && isLatin1(s)) {
                raw = s.getBytes(StandardCharsets.ISO_8859_1); // Python 2 style str payload
            } else {
                throw new PickleException("numpy scalar expects raw bytes");
            }
            return dtype.decode(raw);
        }
    },
    /**
     * {@code _codecs.encode(text, 'latin1')}: how pickle protocol 2 writes a {@code bytes} object
     * (the raw bytes of a numpy scalar), so it is needed for the protocol-2 form of the messages.
     */
    CODECS_ENCODE {
        @Override
        public Object construct(Object[] args) {
            if (args.length != 2 || !(args[0] instanceof String text) || !(args[1] instanceof String enc)
                    || !(enc.equals("latin1") || enc.equals("latin-1")) || !isLatin1(text)) {
                throw new PickleException("_codecs.encode is only allowed as encode(<latin-1 text>, 'latin1')");
            }
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
    };

    /** Resolves a GLOBAL / STACK_GLOBAL reference, refusing everything the protocol does not use. */
    static AllowedGlobal resolve(String module, String name) {
        String qualified = module + "." + name;
        return switch (qualified) {
            case "cluster_utils.base.communication.MessageTypes" -> MESSAGE_TYPES;
            // __builtin__ is what Python 3 writes for builtins with protocol 2 (fix_imports)
            case "builtins.getattr", "__builtin__.getattr" -> GETATTR;
            case "numpy.dtype" -> NUMPY_DTYPE;
            // NumPy 1.x and 2.x module names
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> NUMPY_SCALAR;
            case "_codecs.encode" -> CODECS_ENCODE;
            default -> throw new PickleException("global '" + clip(qualified) + "' is not allowed");
        };
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Keeps attacker-chosen text in error messages short. */
    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
