package dev.clusterutils.space;

import java.util.Arrays;
import java.util.List;

/** ParamSpec builders for tests, as the settings loader would produce them. */
public final class Specs {
    private Specs() {
    }

    public static ParamSpec numeric(String name, Distribution d, Object lower, Object upper) {
        return numeric(name, d, lower, upper, true);
    }

    public static ParamSpec numeric(String name, Distribution d, Object lower, Object upper, boolean smartRounding) {
        return new ParamSpec(name, d, ((Number) lower).doubleValue(), ((Number) upper).doubleValue(),
                lower, upper, List.of(), smartRounding);
    }

    public static ParamSpec discrete(String name, Object... options) {
        return new ParamSpec(name, Distribution.Discrete, Double.NaN, Double.NaN, null, null,
                Arrays.asList(options), true);
    }

    /** One parameter of every distribution, with awkward options: a tuple, a boolean, mixed types. */
    public static List<ParamSpec> mixedSpace() {
        return List.of(
                numeric("fn_args.u", Distribution.TruncatedNormal, -3.0, 3.0),
                numeric("fn_args.v", Distribution.IntLogNormal, 1L, 1000L),
                numeric("fn_args.w", Distribution.IntNormal, -5L, 5L),
                numeric("fn_args.x", Distribution.TruncatedNormal, 0L, 4L),
                numeric("fn_args.y", Distribution.TruncatedLogNormal, 1e-2, 1e2),
                discrete("fn_args.sharp_penalty", false, true),
                discrete("fn_args.tuple_input", dev.clusterutils.value.PyTuple.of(1L, 2L),
                        dev.clusterutils.value.PyTuple.of(2L, 3L, 4L)),
                discrete("mixed", 1L, "a", 2.5, true));
    }
}
