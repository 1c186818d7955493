package dev.clusterutils.settings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a settings file the way cluster_utils (smart_settings) does, then validates it strictly.
 *
 * <p>Pipeline (spec §2.1): raw load by extension → {@code __import__} unpacking → top-level star
 * keys → dynamic values → command-line overrides → reserved names → {@code fixed_params.__import_promise__}
 * renamed to {@code __import__} → validation into {@link RunSettings} (which also parses
 * {@code generate_report}). A broken file, import or override stops at its stage; validation
 * reports every problem of the tree at once. All problems come as one {@link SettingsException}.
 */
public final class SettingsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsLoader.class);
    private static final String IMPORT_PROMISE = "__import_promise__";

    private SettingsLoader() {
    }

    /** Loads with the process's environment; warnings are logged. */
    public static RunSettings load(RunType type, Path settingsFile, List<String> overrides) throws SettingsException {
        return load(type, settingsFile, overrides, SettingsEnvironment.system());
    }

    /** Loads with an explicit environment; warnings are logged. */
    public static RunSettings load(RunType type, Path settingsFile, List<String> overrides, SettingsEnvironment env)
            throws SettingsException {
        LoadedSettings loaded = loadWithWarnings(type, settingsFile, overrides, env);
        loaded.warnings().forEach(w -> LOG.warn("Settings: {}", w));
        return loaded.settings();
    }

    /** Loads and returns the non-fatal warnings instead of logging them. */
    public static LoadedSettings loadWithWarnings(RunType type, Path settingsFile, List<String> overrides,
            SettingsEnvironment env) throws SettingsException {
        Path file = env.cwd().resolve(settingsFile).normalize();
        return process(type, SettingsFileReader.read(file), file, file.toAbsolutePath(), overrides, env);
    }

    /**
     * Loads an in-memory settings tree (what a host or a test builds, or a file it parsed itself)
     * exactly as a file: imports, star keys, dynamic values, overrides and the same strict
     * validation. The tree is copied, never changed; numbers of any Java type are taken as
     * Python's int or float.
     *
     * @param origin where the tree came from, recorded in the run's metadata; null for none.
     *               Relative {@code __import__} paths resolve against {@code env.cwd()} either way.
     */
    public static RunSettings load(RunType type, Map<String, ?> tree, Path origin, List<String> overrides,
            SettingsEnvironment env) throws SettingsException {
        LoadedSettings loaded = loadWithWarnings(type, tree, origin, overrides, env);
        loaded.warnings().forEach(w -> LOG.warn("Settings: {}", w));
        return loaded.settings();
    }

    /** {@link #load(RunType, Map, Path, List, SettingsEnvironment)} returning the warnings instead of logging them. */
    public static LoadedSettings loadWithWarnings(RunType type, Map<String, ?> tree, Path origin, List<String> overrides,
            SettingsEnvironment env) throws SettingsException {
        Path recorded = origin == null ? null : env.cwd().resolve(origin).toAbsolutePath().normalize();
        // the import-cycle check needs a name for the root, even when the tree has no file
        Path root = recorded != null ? recorded : env.cwd().resolve("<settings map>").toAbsolutePath();
        SettingsLimits.checkTree(tree, recorded != null ? recorded.toString() : "settings map");
        return process(type, SettingsTrees.copyOf(tree), root, recorded, overrides, env);
    }

    /**
     * Which kind of run a settings file describes, for callers without a sub-command (the inbox):
     * any hp_optimization key ({@code optimized_params}, {@code optimizer_str}, ...) at the top
     * level, after imports, makes it {@link RunType#HP_OPTIMIZATION}, otherwise it is a grid search.
     */
    public static RunType detectType(Path settingsFile, SettingsEnvironment env) throws SettingsException {
        Path file = env.cwd().resolve(settingsFile).normalize();
        Map<String, Object> raw = SettingsFileReader.read(file);
        new ImportResolver(env.cwd()).resolve(raw, file);
        return detectType(raw);
    }

    /** {@link #detectType(Path, SettingsEnvironment)} for a tree in memory (imports not followed). */
    public static RunType detectType(Map<String, ?> tree) {
        for (String key : tree.keySet()) {
            String plain = key.endsWith("*") ? key.substring(0, key.length() - 1) : key;
            if (HpoReader.OWN_KEYS.contains(plain)) {
                return RunType.HP_OPTIMIZATION;
            }
        }
        return RunType.GRID_SEARCH;
    }

    private static LoadedSettings process(RunType type, Map<String, Object> raw, Path file, Path recorded,
            List<String> overrides, SettingsEnvironment env) throws SettingsException {
        if (raw.get("fixed_params") instanceof Map<?, ?> fixed && fixed.containsKey(ImportResolver.IMPORT_KEY)) {
            throw new SettingsException("fixed_params." + ImportResolver.IMPORT_KEY,
                    "Cannot import inside fixed params. Did you mean " + IMPORT_PROMISE + "? (it is imported by each job)");
        }
        new ImportResolver(env.cwd()).resolve(raw, file);
        SettingsLimits.checkTree(raw, file + " with its imports");
        Map<String, Object> starred = applyStarKeys(raw);

        DynamicValues dynamic = new DynamicValues(starred, env);
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) dynamic.resolve(starred);

        SettingsOverrides.apply(resolved, overrides == null ? List.of() : overrides);
        // overrides and dynamic values are bounded by their parsers; this also refuses a NUL anywhere
        SettingsLimits.checkTree(resolved, file.toString());
        renameImportPromise(resolved);

        Problems problems = new Problems();
        RunSettings settings = RunSettingsValidator.validate(type, recorded, resolved,
                dynamic.referencedNames(), env, problems);
        problems.throwIfAny();
        return new LoadedSettings(settings, problems.warnings());
    }

    /**
     * Top-level {@code name*} keys holding a sequence (list or string) lose their star and replace
     * a plain {@code name}; other starred keys keep the star (and are then unknown keys).
     */
    static Map<String, Object> applyStarKeys(Map<String, Object> raw) {
        Map<String, Object> out = new LinkedHashMap<>(raw);
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("*") && key.length() > 1 && ImportResolver.isSequence(e.getValue())) {
                String plain = key.substring(0, key.length() - 1);
                if (out.containsKey(plain)) {
                    out.put(plain, e.getValue());
                    out.remove(key);
                } else {
                    Map<String, Object> renamed = new LinkedHashMap<>();
                    out.forEach((k, v) -> renamed.put(k.equals(key) ? plain : k, v));
                    out = renamed;
                }
            }
        }
        return out;
    }

    /** The job's client imports {@code fixed_params.__import__}; the file may only name it a promise. */
    @SuppressWarnings("unchecked")
    private static void renameImportPromise(Map<String, Object> resolved) {
        if (resolved.get("fixed_params") instanceof Map<?, ?> m && m.containsKey(IMPORT_PROMISE)) {
            Map<String, Object> fixed = (Map<String, Object>) m;
            Map<String, Object> renamed = new LinkedHashMap<>();
            fixed.forEach((k, v) -> renamed.put(k.equals(IMPORT_PROMISE) ? ImportResolver.IMPORT_KEY : k, v));
            resolved.put("fixed_params", renamed);
        }
    }
}
