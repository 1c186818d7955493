package dev.clusterutils.settings;

import dev.clusterutils.value.NestedMaps;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Unpacks {@code __import__} keys as smart_settings does. Any dict reachable through dict values
 * (not through lists) may name one file or a list of files; relative paths resolve against the
 * process's working directory, not the importing file. Imported content is unpacked recursively
 * and deep-merged in without overwriting: the importing dict wins over its imports, and of a list
 * of files the later ones win. A local key written {@code name*} gets the imported sequence put
 * in front of its own. Unlike the original, cycles are detected on normalised absolute paths, so
 * {@code ./a.json} and {@code a.json} are the same file.
 */
final class ImportResolver {
    static final String IMPORT_KEY = "__import__";

    private final Path cwd;
    /**
     * Each imported file, read and unpacked once: a file imported along many paths (a diamond
     * repeated 40 levels deep) would otherwise be read 2^40 times. Caching is sound because a
     * cycle through a file is found the first time the file is unpacked.
     */
    private final Map<Path, Map<String, Object>> unpacked = new HashMap<>();
    private final Map<Path, Long> sizes = new HashMap<>();
    /** Values copied in by all imports so far: the budget is the one of a single file. */
    private long copied;

    ImportResolver(Path cwd) {
        this.cwd = cwd;
    }

    /** Unpacks the imports of {@code root} (read from {@code rootFile}) in place. */
    void resolve(Map<String, Object> root, Path rootFile) throws SettingsException {
        List<Path> chain = new ArrayList<>();
        chain.add(normalise(rootFile));
        unpack(root, chain, rootFile, "");
    }

    private Path normalise(Path p) {
        return cwd.resolve(p).toAbsolutePath().normalize();
    }

    @SuppressWarnings("unchecked")
    private void unpack(Map<String, Object> dict, List<Path> chain, Path file, String keyPath) throws SettingsException {
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> child) {
                unpack((Map<String, Object>) child, chain, file, keyPath.isEmpty() ? e.getKey() : keyPath + "." + e.getKey());
            }
        }
        if (!dict.containsKey(IMPORT_KEY)) {
            return;
        }
        String importPath = keyPath.isEmpty() ? IMPORT_KEY : keyPath + "." + IMPORT_KEY;
        Object spec = dict.remove(IMPORT_KEY);
        List<String> files = new ArrayList<>();
        if (spec instanceof String s) {
            files.add(s);
        } else if (spec instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
            l.forEach(x -> files.add((String) x));
        } else {
            throw new SettingsException(file + ": " + importPath, Section.expected("a path or a list of paths", spec));
        }
        Map<String, Object> combined = new LinkedHashMap<>();
        for (String name : files) {
            Path target;
            try {
                target = normalise(Path.of(name));
            } catch (InvalidPathException e) {
                throw new SettingsException(file + ": " + importPath, "cannot import " + name + ": invalid path (" + e.getReason() + ")");
            }
            if (chain.contains(target)) {
                String cycle = chain.stream().map(Path::toString).collect(Collectors.joining(" -> ")) + " -> " + target;
                throw new SettingsException(file + ": " + importPath, "cyclic import: " + cycle);
            }
            if (!SettingsFileReader.supported(target)) {
                throw new SettingsException(file + ": " + importPath,
                        "cannot import " + name + ": not a supported settings file (use .json, .yaml, .yml or .toml)");
            }
            if (!Files.isRegularFile(target)) {
                throw new SettingsException(file + ": " + importPath, "cannot import " + name + ": no such settings file (" + target + ")");
            }
            Map<String, Object> done = unpacked.get(target);
            if (done == null) {
                done = SettingsFileReader.read(target);
                List<Path> nested = new ArrayList<>(chain);
                nested.add(target);
                unpack(done, nested, target, "");
                sizes.put(target, SettingsLimits.checkTree(done, target.toString()));
                unpacked.put(target, done);
            }
            // a file imported in two dicts of the next level up doubles the tree at every level: bound the copies
            copied += sizes.get(target);
            if (copied > SettingsLimits.MAX_VALUES) {
                throw new SettingsException(file + ": " + importPath, "the imports hold more than "
                        + String.format("%,d", SettingsLimits.MAX_VALUES) + " values (YAML aliases or imports expanded too far?)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> imported = (Map<String, Object>) NestedMaps.deepCopy(done);
            // Later files of the list win over earlier ones.
            NestedMaps.deepMerge(combined, imported);
        }
        mergeWithoutOverwrite(dict, combined);
    }

    /** Adds what {@code local} lacks from {@code imported}; dicts merge recursively. */
    @SuppressWarnings("unchecked")
    static void mergeWithoutOverwrite(Map<String, Object> local, Map<String, Object> imported) {
        for (Map.Entry<String, Object> e : imported.entrySet()) {
            String key = e.getKey();
            String base = key.endsWith("*") ? key.substring(0, key.length() - 1) : key;
            Object value = e.getValue();
            Object starred = local.get(base + "*");
            if (isSequence(starred) && isSequence(value) && (starred instanceof String) == (value instanceof String)) {
                local.put(base + "*", concat(value, starred));
                continue;
            }
            if (!key.equals(base) && local.containsKey(base)) {
                continue; // an imported "name*" never overrides a local plain "name"
            }
            if (local.containsKey(key)) {
                if (local.get(key) instanceof Map<?, ?> l && value instanceof Map<?, ?> v) {
                    mergeWithoutOverwrite((Map<String, Object>) l, (Map<String, Object>) v);
                }
                continue;
            }
            local.put(key, NestedMaps.deepCopy(value));
        }
    }

    /** Strings count as sequences for star keys, as in the original. */
    static boolean isSequence(Object v) {
        return v instanceof List || v instanceof String;
    }

    @SuppressWarnings("unchecked")
    private static Object concat(Object front, Object back) {
        if (front instanceof String f) {
            return f + back;
        }
        List<Object> out = new ArrayList<>((List<Object>) NestedMaps.deepCopy(front));
        out.addAll((List<Object>) back);
        return out;
    }
}
