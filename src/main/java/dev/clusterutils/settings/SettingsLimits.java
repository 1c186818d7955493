package dev.clusterutils.settings;

import dev.clusterutils.value.PyTuple;
import dev.clusterutils.value.PythonLiteralParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The bounds on what a settings file may ask of the loader, each checked before anything is
 * written: a file or an override beyond them is a settings error (exit 2), never a stack
 * overflow, an exhausted heap or an hour of work. docs/settings.md lists them for users.
 */
public final class SettingsLimits {
    /** Dicts and lists inside each other, in a file, an import or an override (PyYAML's own limit is lower). */
    public static final int MAX_DEPTH = PythonLiteralParser.MAX_DEPTH;
    /** Values (dicts, lists and scalars) of one settings tree after imports: what a YAML alias bomb expands to. */
    public static final int MAX_VALUES = 1_000_000;
    /** Size of one settings file. */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** YAML aliases (`*name`) to collections in one file. */
    public static final int MAX_YAML_ALIASES = 1_000;
    /** Width and precision in a format spec of a dynamic value ({@code {x:>10}}, {@code {x:.3f}}). */
    public static final int MAX_FORMAT_WIDTH = 10_000;
    /** Jobs of one grid search: (product of the value counts, or samples) x restarts. */
    public static final long MAX_GRID_JOBS = 100_000_000L;

    private SettingsLimits() {
    }

    /**
     * Walks {@code root} without recursion and refuses a tree deeper than {@link #MAX_DEPTH} or with
     * more than {@link #MAX_VALUES} values. A cyclic structure (a recursive YAML alias) is refused by
     * its depth. A string holding a NUL character is refused too: no path, command-line argument or
     * environment variable can hold one, so it could only fail later, after files were written.
     *
     * @return the number of values
     */
    static long checkTree(Object root, String where) throws SettingsException {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(new Node(root, 0, null, null));
        long values = 0;
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            Object v = n.value;
            if (++values > MAX_VALUES) {
                throw new SettingsException(where, "holds more than " + String.format("%,d", MAX_VALUES)
                        + " values (YAML aliases or imports expanded too far?)");
            }
            if (v instanceof String s && s.indexOf('\0') >= 0) {
                throw new SettingsException(n.path(where), "contains a NUL character (\\x00), which no path, argument or"
                        + " environment variable can hold");
            }
            if (v instanceof Map<?, ?> || v instanceof List<?> || v instanceof PyTuple) {
                if (n.depth >= MAX_DEPTH) {
                    throw new SettingsException(where, "dicts and lists are nested deeper than " + MAX_DEPTH
                            + " levels (or a YAML alias refers to itself)");
                }
                if (v instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        if (e.getKey() instanceof String k && k.indexOf('\0') >= 0) {
                            throw new SettingsException(n.path(where), "a key contains a NUL character (\\x00)");
                        }
                        stack.push(new Node(e.getValue(), n.depth + 1, n, e.getKey()));
                    }
                } else {
                    List<?> items = v instanceof List<?> l ? l : ((PyTuple) v).items();
                    for (int i = 0; i < items.size(); i++) {
                        stack.push(new Node(items.get(i), n.depth + 1, n, i));
                    }
                }
            }
        }
        return values;
    }

    /** A value and how it was reached; its key path is spelled only for an error message. */
    private record Node(Object value, int depth, Node parent, Object key) {
        String path(String where) {
            StringBuilder sb = new StringBuilder();
            for (Node n = this; n != null && n.parent != null; n = n.parent) {
                sb.insert(0, n.key instanceof Integer i ? "[" + i + "]" : (n.parent.parent == null ? "" : ".") + n.key);
            }
            return sb.length() == 0 ? where : sb.toString();
        }
    }
}
