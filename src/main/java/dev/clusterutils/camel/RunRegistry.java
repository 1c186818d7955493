package dev.clusterutils.camel;

import dev.clusterutils.run.RunContext;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The runs alive in this CamelContext, by id. */
public final class RunRegistry {
    private final Map<String, RunContext> runs = new ConcurrentHashMap<>();

    public void add(RunContext ctx) {
        runs.put(ctx.id, ctx);
    }

    public RunContext get(String id) {
        return id == null ? null : runs.get(id);
    }

    public void remove(String id) {
        runs.remove(id);
    }

    public Collection<RunContext> all() {
        return runs.values();
    }
}
