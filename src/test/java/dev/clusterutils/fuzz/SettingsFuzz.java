package dev.clusterutils.fuzz;

import dev.clusterutils.run.RunValidation;
import dev.clusterutils.settings.RunSettings;
import dev.clusterutils.settings.RunType;
import dev.clusterutils.settings.SettingsEnvironment;
import dev.clusterutils.settings.SettingsException;
import dev.clusterutils.settings.SettingsLoader;
import dev.clusterutils.settings.SettingsProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mutates valid settings files (JSON, YAML, TOML) at random and loads every mutant. Each outcome
 * must be a successful load or a {@link SettingsException} whose problems all say something; any
 * other exception is a defect. Used by a bounded unit test and by {@code bench/fuzz-settings}.
 */
public final class SettingsFuzz {
    static final String SPECIAL = "{}[]\"',:=#\n\t\\$*.-_ 0123456789eE+truefalsnul{}{$HOME}__import__";

    public record Seed(String name, RunType type, String text) {
    }

    public record Result(long cases, long loaded, long rejected, List<String> defects) {
    }

    /** The project's example settings, which cover both modes and all three formats. */
    public static List<Seed> seeds(Path repo) throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (String f : List.of("examples/basic/grid_search.toml", "examples/basic/grid_search.json",
                "examples/basic/grid_search.yaml", "examples/basic/grid_search_with_failures.toml")) {
            seeds.add(new Seed(f, RunType.GRID_SEARCH, Files.readString(repo.resolve(f))));
        }
        for (String f : List.of("examples/rosenbrock/hp_optimization.toml", "examples/rosenbrock/hp_optimization_cem.json")) {
            seeds.add(new Seed(f, RunType.HP_OPTIMIZATION, Files.readString(repo.resolve(f))));
        }
        return seeds;
    }

    /** Strings a shell, a path join or a file name would misread. */
    static final String[] HOSTILE = {"A=1; touch pwned; B", "$(touch pwned)", "`touch pwned`", "a'b\"c", "x\ny", "..", ".",
        "/", "../../..", "a/../../b", "~", "-rf", "", " ", "OK_NAME", "_x", "9x", "\u00e9", "a b", "${HOME}", "*", "\\", "%s%n",
        "{$HOME}/..", "x;y", "|", "&", "\r", "a\u0000b"};
    static final String[] PATH_KEYS = {"optimization_procedure_name", "results_dir", "script_relative_path"};
    static final String[] ENV_KEYS = {"virtual_env_path", "conda_env_path", "pre_job_script", "custom_python_executable_path"};
    static final int[] DEPTHS = {2, 99, 100, 101, 1_000, 20_000};

    /** A double-quoted string, the same in JSON, TOML and YAML. */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    private static String pick(String[] options, SplittableRandom rng) {
        return options[rng.nextInt(options.length)];
    }

    /** Replaces the value of a top-level scalar key (any format) with {@code value}; the text is unchanged if the key is absent. */
    static String replaceValue(String text, String key, String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\s*\"?" + key + "\"?\\s*[:=]\\s*)([^,\\n]+)").matcher(text);
        return m.find() ? text.substring(0, m.start(2)) + value + text.substring(m.end(2)) : text;
    }

    /**
     * The mutations of issue 16: hostile strings in path keys and in environment_setup (names and
     * values of variables, paths), YAML aliases (recursive, and a bomb of up to 10^9 values), and
     * nesting up to 20,000 deep in place of a number.
     */
    static String hostile(String text, String ext, SplittableRandom rng) {
        switch (rng.nextInt(4)) {
            case 0:
                return replaceValue(text, pick(PATH_KEYS, rng), quoted(pick(HOSTILE, rng)));
            case 1: {
                String entries = ext.equals(".toml")
                        ? "variables = {" + quoted(pick(HOSTILE, rng)) + " = " + quoted(pick(HOSTILE, rng)) + "}\n"
                        + pick(ENV_KEYS, rng) + " = " + quoted(pick(HOSTILE, rng)) + "\n"
                        : "\"variables\": {" + quoted(pick(HOSTILE, rng)) + ": " + quoted(pick(HOSTILE, rng)) + "}, \""
                        + pick(ENV_KEYS, rng) + "\": " + quoted(pick(HOSTILE, rng));
                return ext.equals(".toml") ? text.replace("[environment_setup]\n", "[environment_setup]\n" + entries)
                        : text.replaceFirst("(\"?environment_setup\"?\\s*:\\s*)\\{\\}", "$1{" + java.util.regex.Matcher.quoteReplacement(entries) + "}");
            }
            case 2:
                if (ext.equals(".yaml")) {
                    if (rng.nextBoolean()) {
                        return replaceValue(text, pick(new String[]{"restarts", "hyperparam_list", "environment_setup"}, rng), "&r [*r]");
                    }
                    StringBuilder bomb = new StringBuilder("\nb0: &b0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
                    int levels = 1 + rng.nextInt(9);
                    for (int i = 1; i <= levels; i++) {
                        bomb.append("b").append(i).append(": &b").append(i).append(" [");
                        for (int k = 0; k < 10; k++) {
                            bomb.append(k == 0 ? "" : ", ").append("*b").append(i - 1);
                        }
                        bomb.append("]\n");
                    }
                    return text + bomb;
                }
                // fall through: the other formats have no aliases
            default: {
                int n = DEPTHS[rng.nextInt(DEPTHS.length)];
                return replaceValue(text, pick(new String[]{"restarts", "number_of_samples", "request_cpus"}, rng),
                        "[".repeat(n) + "]".repeat(n));
            }
        }
    }

    static String mutate(String text, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + rng.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = rng.nextInt(sb.length());
            switch (rng.nextInt(7)) {
                case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + rng.nextInt(12)));
                case 1 -> {
                    for (int i = 0, n = 1 + rng.nextInt(6); i < n; i++) {
                        sb.insert(at, SPECIAL.charAt(rng.nextInt(SPECIAL.length())));
                    }
                }
                case 2 -> sb.setCharAt(at, SPECIAL.charAt(rng.nextInt(SPECIAL.length())));
                case 3 -> sb.setLength(at); // truncated file
                case 4 -> { // duplicate a line
                    int start = sb.lastIndexOf("\n", at) + 1;
                    int end = sb.indexOf("\n", at);
                    if (end > start) {
                        sb.insert(end, "\n" + sb.substring(start, end));
                    }
                }
                case 5 -> sb.insert(at, new String[]{"null", "-1", "1e999", "\"\"", "[]", "{}", "0", "\u00e9\u4e2d", "NaN"}[rng.nextInt(9)]);
                default -> { // swap two characters far apart
                    int other = rng.nextInt(sb.length());
                    char c = sb.charAt(at);
                    sb.setCharAt(at, sb.charAt(other));
                    sb.setCharAt(other, c);
                }
            }
        }
        return sb.toString();
    }

    public static Result run(List<Seed> seeds, long cases, long seed, Path scratch) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        SettingsEnvironment env = new SettingsEnvironment(Map.of("HOME", "/home/fuzz", "USER", "fuzz"),
                Path.of("/home/fuzz"), scratch, Clock.systemUTC());
        long loaded = 0;
        long rejected = 0;
        List<String> defects = new ArrayList<>();
        for (long i = 0; i < cases; i++) {
            Seed s = seeds.get(rng.nextInt(seeds.size()));
            String ext = s.name().substring(s.name().lastIndexOf('.'));
            // a quarter of the cases are the hostile inputs of issue 16, the rest random edits
            boolean hostile = rng.nextInt(4) == 0;
            String text = hostile ? hostile(s.text(), ext, rng) : mutate(s.text(), rng);
            int depth = DEPTHS[rng.nextInt(DEPTHS.length)];
            List<String> overrides = hostile && rng.nextInt(8) == 0
                    ? List.of("fixed_params.deep=" + "[".repeat(depth) + "]".repeat(depth))
                    : List.of();
            Path file = scratch.resolve("case" + ext);
            Files.writeString(file, text);
            try {
                RunSettings settings = SettingsLoader.load(s.type(), file, overrides, env);
                List<SettingsProblem> more = RunValidation.problems(settings);
                for (String name : settings.environment().variables().keySet()) {
                    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        defects.add("the variable name '" + name + "' was accepted for:\n" + text);
                    }
                }
                if (more.isEmpty()) {
                    loaded++;
                } else {
                    check(more, text, defects);
                    rejected++;
                }
            } catch (SettingsException e) {
                check(e.problems(), text, defects);
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                if (defects.size() < 20) {
                    defects.add(e + " for mutant of " + s.name() + ":\n" + text);
                }
            }
        }
        return new Result(cases, loaded, rejected, defects);
    }

    private static void check(List<SettingsProblem> problems, String text, List<String> defects) {
        if (problems.isEmpty() || problems.stream().anyMatch(p -> p.message() == null || p.message().isBlank())) {
            defects.add("a settings error without a message for:\n" + text);
        }
    }

    /** bench/fuzz-settings: {@code [cases] [seed]}. */
    public static void main(String[] args) throws Exception {
        long cases = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Path scratch = Files.createTempDirectory("cu-fuzz");
        long t0 = System.nanoTime();
        Result r = run(seeds(Path.of("").toAbsolutePath()), cases, seed, scratch);
        System.out.printf("seed %d: %d mutants, %d loaded, %d rejected with a settings error, %d defects, %.1f s%n",
                seed, r.cases(), r.loaded(), r.rejected(), r.defects().size(), (System.nanoTime() - t0) / 1e9);
        r.defects().forEach(d -> System.out.println("DEFECT: " + d));
        System.exit(r.defects().isEmpty() ? 0 : 1);
    }
}
