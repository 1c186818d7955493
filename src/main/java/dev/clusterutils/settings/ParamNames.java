package dev.clusterutils.settings;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameter-name rules of spec §2.9, applied to grid names, distribution names and the
 * top-level keys of {@code fixed_params}: the names end up as keys of the job's parameter dict
 * and as CSV columns, where the reserved names and the {@code __std} suffix would collide.
 */
final class ParamNames {
    static final Set<String> RESERVED = Set.of("_id", "_iteration", "job_restarts", "working_dir");
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:\\-]+");

    private ParamNames() {
    }

    /** Records a problem for {@code name} at {@code path}; true when the name is valid. */
    static boolean check(Object name, String path, Problems problems) {
        if (!(name instanceof String s)) {
            problems.error(path, "parameter name must be a string, got " + Section.describe(name));
            return false;
        }
        String message = null;
        if (RESERVED.contains(s)) {
            message = "parameter name '" + s + "' is reserved and cannot be set from the settings";
        } else if (s.endsWith("__std")) {
            message = "parameter name '" + s + "' must not end with '__std' (it would collide with the standard-deviation columns)";
        } else if (!ALLOWED.matcher(s).matches()) {
            message = "parameter name '" + s + "' is not valid: only letters, digits and '_', '-', '.', ':' are allowed";
        } else if (s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            message = "parameter name '" + s + "' is not valid: '.' separates nested names and cannot be at the start or end or doubled";
        }
        if (message != null) {
            problems.error(path, message);
            return false;
        }
        return true;
    }

    /** True when one name is the other or a dotted parent of it ({@code fn_args} and {@code fn_args.x}). */
    static boolean overlap(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
    }
}
