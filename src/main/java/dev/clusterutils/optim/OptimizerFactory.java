package dev.clusterutils.optim;

import dev.clusterutils.optim.cem.CemOptimizer;
import dev.clusterutils.optim.es.NevergradOptimizer;
import dev.clusterutils.optim.gp.GpOptimizer;
import dev.clusterutils.optim.grid.GridOptimizer;
import dev.clusterutils.optim.pareto.ParEgoOptimizer;
import dev.clusterutils.optim.random.RandomOptimizer;
import dev.clusterutils.optim.tpe.TpeOptimizer;
import dev.clusterutils.settings.SettingsProblem;
import dev.clusterutils.space.ParamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** Creates optimisers from {@code optimizer_str} and {@code optimizer_settings}, and validates those. */
public final class OptimizerFactory {

    private static final Map<String, SettingsSchema> SCHEMAS = new LinkedHashMap<>();

    static {
        SCHEMAS.put(CemOptimizer.NAME, CemOptimizer.SETTINGS);
        SCHEMAS.put(NevergradOptimizer.NAME, NevergradOptimizer.SETTINGS);
        SCHEMAS.put(GridOptimizer.NAME, GridOptimizer.SETTINGS);
        SCHEMAS.put(RandomOptimizer.NAME, RandomOptimizer.SETTINGS);
        SCHEMAS.put(TpeOptimizer.NAME, TpeOptimizer.SETTINGS);
        SCHEMAS.put(GpOptimizer.NAME, GpOptimizer.SETTINGS);
    }

    private OptimizerFactory() {
    }

    /**
     * The optimizers that handle several objectives (a list {@code metric_to_optimize}); the others
     * are refused with a settings error naming these.
     */
    public static List<String> multiObjectiveNames() {
        return List.of(RandomOptimizer.NAME, TpeOptimizer.NAME, GpOptimizer.NAME);
    }

    /** {@link #validate(String, Map)} plus the refusal of an optimizer that cannot take several objectives. */
    public static List<SettingsProblem> validate(String optimizerStr, Map<String, Object> optimizerSettings, int objectives) {
        List<SettingsProblem> problems = new ArrayList<>(validate(optimizerStr, optimizerSettings));
        if (objectives > 1 && SCHEMAS.containsKey(optimizerStr) && !multiObjectiveNames().contains(optimizerStr)) {
            problems.add(new SettingsProblem("optimizer_str", "optimizer '" + optimizerStr + "' optimizes one metric, but "
                    + "metric_to_optimize names " + objectives + "; optimizers for several metrics: "
                    + String.join(", ", multiObjectiveNames())));
        }
        return problems;
    }

    /** The accepted {@code optimizer_str} values. */
    public static List<String> names() {
        return List.copyOf(SCHEMAS.keySet());
    }

    /**
     * Every problem with these settings (empty when valid). Paths are {@code optimizer_str} or
     * {@code optimizer_settings.<key>}.
     */
    public static List<SettingsProblem> validate(String optimizerStr, Map<String, Object> optimizerSettings) {
        SettingsSchema schema = optimizerStr == null ? null : SCHEMAS.get(optimizerStr);
        if (schema == null) {
            String message = "unknown optimizer '" + optimizerStr + "'"
                    + (optimizerStr == null ? "" : "; did you mean '" + SettingsSchema.closest(optimizerStr, names()) + "'?")
                    + " Known optimizers: " + String.join(", ", names());
            return List.of(new SettingsProblem("optimizer_str", message));
        }
        return schema.validate(ownSettings(optimizerStr, optimizerSettings));
    }

    /**
     * Keys of {@code optimizer_settings} that the chosen optimizer does not take but another known
     * one does, each with the optimizers that take it. They are ignored, with a warning, so that
     * {@code optimizer_str="tpe"} on the command line works over a file made for another optimizer;
     * keys no optimizer knows stay errors.
     */
    public static Map<String, List<String>> foreignKeys(String optimizerStr, Map<String, Object> optimizerSettings) {
        SettingsSchema schema = optimizerStr == null ? null : SCHEMAS.get(optimizerStr);
        Map<String, List<String>> foreign = new LinkedHashMap<>();
        if (schema == null || optimizerSettings == null) {
            return foreign;
        }
        for (String key : optimizerSettings.keySet()) {
            if (schema.has(key)) {
                continue;
            }
            List<String> owners = SCHEMAS.entrySet().stream().filter(e -> e.getValue().has(key)).map(Map.Entry::getKey).toList();
            if (!owners.isEmpty()) {
                foreign.put(key, owners);
            }
        }
        return foreign;
    }

    /** The warning for {@link #foreignKeys}, or null when there are none. */
    public static String foreignKeysWarning(String optimizerStr, Map<String, Object> optimizerSettings) {
        Map<String, List<String>> foreign = foreignKeys(optimizerStr, optimizerSettings);
        if (foreign.isEmpty()) {
            return null;
        }
        return "optimizer_settings: ignoring " + foreign.entrySet().stream()
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").collect(Collectors.joining(", "))
                + ": settings of another optimizer, not of '" + optimizerStr + "'";
    }

    /** The settings without {@link #foreignKeys}. */
    private static Map<String, Object> ownSettings(String optimizerStr, Map<String, Object> optimizerSettings) {
        Map<String, List<String>> foreign = foreignKeys(optimizerStr, optimizerSettings);
        if (foreign.isEmpty()) {
            return optimizerSettings;
        }
        Map<String, Object> own = new LinkedHashMap<>(optimizerSettings);
        own.keySet().removeAll(foreign.keySet());
        return own;
    }

    /**
     * A new optimiser over {@code space}.
     *
     * @param rng the only source of randomness; seed it to make the run reproducible
     * @throws IllegalArgumentException when {@link #validate} finds problems or the space is empty
     */
    public static Optimizer create(String optimizerStr, Map<String, Object> optimizerSettings, List<ParamSpec> space,
            boolean minimize, RandomGenerator rng) {
        return create(optimizerStr, optimizerSettings, space, List.of(minimize), rng);
    }

    /**
     * A new optimiser over {@code space} for one or several objectives.
     *
     * @param directions whether to minimise each objective, in {@code metric_to_optimize} order
     * @throws IllegalArgumentException when {@link #validate(String, Map, int)} finds problems or the space is empty
     */
    public static Optimizer create(String optimizerStr, Map<String, Object> optimizerSettings, List<ParamSpec> space,
            List<Boolean> directions, RandomGenerator rng) {
        boolean minimize = directions.get(0);
        List<SettingsProblem> problems = validate(optimizerStr, optimizerSettings, directions.size());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.stream().map(SettingsProblem::toString)
                    .collect(Collectors.joining("\n")));
        }
        if (space == null || space.isEmpty()) {
            throw new IllegalArgumentException("optimized_params is empty: there is nothing to optimize");
        }
        Map<String, Object> s = optimizerSettings == null ? Map.of() : ownSettings(optimizerStr, optimizerSettings);
        if (directions.size() > 1) {
            return switch (optimizerStr) {
                case RandomOptimizer.NAME -> new RandomOptimizer(space, rng);
                case TpeOptimizer.NAME -> TpeOptimizer.fromSettings(s, space, directions, rng);
                // the GP models one number: ParEGO gives it a new scalarisation of the objectives per ask
                case GpOptimizer.NAME -> new ParEgoOptimizer(directions, r -> GpOptimizer.fromSettings(s, space, true, r), rng);
                default -> throw new AssertionError(optimizerStr);
            };
        }
        return switch (optimizerStr) {
            case CemOptimizer.NAME -> CemOptimizer.fromSettings(s, space, minimize, rng);
            case NevergradOptimizer.NAME -> NevergradOptimizer.fromSettings(s, space, minimize, rng);
            case GpOptimizer.NAME -> GpOptimizer.fromSettings(s, space, minimize, rng);
            case GridOptimizer.NAME -> GridOptimizer.fromSettings(s, space);
            case RandomOptimizer.NAME -> new RandomOptimizer(space, rng);
            case TpeOptimizer.NAME -> TpeOptimizer.fromSettings(s, space, minimize, rng);
            default -> throw new AssertionError(optimizerStr);
        };
    }
}
