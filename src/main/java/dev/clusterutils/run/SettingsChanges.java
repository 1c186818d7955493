package dev.clusterutils.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterutils.results.JsonValues;
import dev.clusterutils.settings.RunSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed in the settings since the run in a results dir last started, for {@code --resume}.
 * Most changes apply to the jobs still to run; a change of what the finished jobs' results mean
 * (the script, the metric and its direction, the optimizer, the search space or the grid) cannot
 * be honoured by continuing, so the resume is refused.
 */
public record SettingsChanges(List<Change> changes) {

    /** Keys whose change makes the finished jobs' results incomparable with the new ones (a prefix matches its sub-keys). */
    static final List<String> NOT_HONOURED = List.of("script_relative_path", "optimizer_str", "optimization_setting.metric_to_optimize",
            "optimization_setting.minimize", "optimized_params", "hyperparam_list", "restarts", "samples");
    private static final int SHOWN = 60;

    /** One dotted key; {@code before} or {@code after} is null when the key was added or removed. */
    public record Change(String key, String before, String after, boolean honoured) {
        @Override
        public String toString() {
            return key + ": " + (before == null ? "(not set)" : before) + " -> " + (after == null ? "(not set)" : after);
        }
    }

    /** Empty when the run never recorded its settings (a fresh folder, or one of the original's). */
    public static SettingsChanges since(Path resolvedSettings, RunSettings now) throws IOException {
        if (!Files.isRegularFile(resolvedSettings)) {
            return new SettingsChanges(List.of());
        }
        JsonNode before = JsonValues.MAPPER.readTree(resolvedSettings.toFile());
        // through text, as the file was written, so that 1 read back equals the 1L it was made from
        JsonNode after = JsonValues.MAPPER.readTree(JsonValues.MAPPER.writeValueAsString(JsonValues.toJson(now.resolved())));
        Map<String, JsonNode> was = new LinkedHashMap<>();
        Map<String, JsonNode> is = new LinkedHashMap<>();
        flatten("", before, was);
        flatten("", after, is);
        TreeSet<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(is.keySet());
        List<Change> changes = new ArrayList<>();
        for (String key : keys) {
            JsonNode a = was.get(key);
            JsonNode b = is.get(key);
            if (a == null || !a.equals(b)) {
                changes.add(new Change(key, shown(a), shown(b), honoured(key)));
            }
        }
        return new SettingsChanges(List.copyOf(changes));
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Change> refused() {
        return changes.stream().filter(c -> !c.honoured()).toList();
    }

    /** The lines the user reads: what changed, and what resuming does with it. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (changes.isEmpty()) {
            return lines;
        }
        List<Change> refused = refused();
        if (!refused.isEmpty()) {
            lines.add("Cannot resume: these settings changed since the run started, and the finished jobs' results were "
                    + "made with the old ones:");
            refused.forEach(c -> lines.add("  " + c));
            lines.add("Put them back to resume, or start afresh with --yes (deletes the old results), or choose another "
                    + "optimization_procedure_name.");
            return lines;
        }
        lines.add("Resuming with changed settings; jobs still to run use the new values, finished jobs keep their results:");
        changes.forEach(c -> lines.add("  " + c));
        return lines;
    }

    private static boolean honoured(String key) {
        return NOT_HONOURED.stream().noneMatch(k -> key.equals(k) || key.startsWith(k + ".") || key.startsWith(k + "["));
    }

    // lists stay whole values: a changed grid is one change, not one per element
    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    private static String shown(JsonNode node) {
        if (node == null) {
            return null;
        }
        String text = node.toString();
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN - 3) + "...";
    }
}
