package dev.clusterutils.settings;

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
    public static final int MAX_DEPTH = dev.clusterutils.value.PythonLiteralParser.MAX_DEPTH;
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
     * its depth.
     *
     * @return the number of values
     */
    static long checkTree(Object root, String where) throws SettingsException {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 0});
        long values = 0;
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Object v = top[0];
            int depth = (Integer) top[1];
            if (++values > MAX_VALUES) {
                throw new SettingsException(where, "holds more than " + String.format("%,d", MAX_VALUES)
                        + " values (YAML aliases or imports expanded too far?)");
            }
            if (v instanceof Map<?, ?> || v instanceof List<?> || v instanceof dev.clusterutils.value.PyTuple) {
                if (depth >= MAX_DEPTH) {
                    throw new SettingsException(where, "dicts and lists are nested deeper than " + MAX_DEPTH
                            + " levels (or a YAML alias refers to itself)");
                }
                Iterable<?> children = v instanceof Map<?, ?> m ? m.values()
                        : v instanceof List<?> l ? l : ((dev.clusterutils.value.PyTuple) v).items();
                for (Object c : children) {
                    stack.push(new Object[]{c, depth + 1});
                }
            }
        }
        return values;
    }
}
