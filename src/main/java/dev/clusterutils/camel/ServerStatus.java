package dev.clusterutils.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clusterutils.run.RunStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The server's health and its runs' progress as one JSON document: Camel's health checks (the
 * context, routes and consumers, and {@code cu-runs}, {@code cu-inbox}) and a row of counts per
 * live run. The inbox server writes it to {@code <inbox>/.status.json} so that a supervisor or a
 * person can read the state without an HTTP server in the process.
 */
public final class ServerStatus {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Camel's counters of the checks themselves: noise for a reader of the server's state. */
    private static final Pattern BOOKKEEPING = Pattern.compile("(invocation|success|failure|check)\\.");

    private ServerStatus() {
    }

    public static Map<String, Object> of(CamelContext camel) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("time", OffsetDateTime.now().toString());
        boolean up = true;
        Map<String, Object> checks = new LinkedHashMap<>();
        // "full": every check with its details (the default exposure level shows one check while all are UP)
        for (HealthCheck.Result r : HealthCheckHelper.invoke(camel, check -> Map.of(), check -> false, "full")) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("state", r.getState().name());
            r.getMessage().ifPresent(m -> c.put("message", m));
            Map<String, Object> details = new LinkedHashMap<>();
            r.getDetails().forEach((k, v) -> {
                if (!BOOKKEEPING.matcher(k).lookingAt()) {
                    details.put(k, String.valueOf(v));
                }
            });
            c.put("details", details);
            checks.put(r.getCheck().getId(), c);
            up &= r.getState() != HealthCheck.State.DOWN;
        }
        doc.put("state", up ? "UP" : "DOWN");
        doc.put("checks", checks);
        List<Map<String, Object>> runs = new ArrayList<>();
        CuStages stages = camel.getRegistry().lookupByNameAndType(CuExtensions.STAGES, CuStages.class);
        if (stages != null) {
            for (RunProgress p : stages.statuses()) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("run_id", p.runId());
                run.put("name", p.name());
                run.put("results_dir", p.resultsDir().toString());
                RunStatus s = p.status();
                if (s != null) {
                    run.put("total", s.total());
                    run.put("submitted", s.submitted());
                    run.put("running", s.running());
                    run.put("succeeded", s.succeeded());
                    run.put("failed", s.failed());
                    run.put("best", Double.isNaN(s.best()) ? null : s.best());
                    if (s.frontSize() >= 0) {
                        run.put("front_size", s.frontSize());
                        run.put("hypervolume", Double.isNaN(s.hypervolume()) ? null : s.hypervolume());
                    }
                }
                runs.add(run);
            }
        }
        doc.put("runs", runs);
        return doc;
    }

    public static String json(CamelContext camel) throws JsonProcessingException {
        return JSON.writeValueAsString(of(camel)) + "\n";
    }
}
