package dev.clusterutils.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterutils.optim.Outcome;
import dev.clusterutils.optim.Proposal;
import dev.clusterutils.run.Action;
import dev.clusterutils.run.OptimizerStage;
import dev.clusterutils.run.RunContext;
import dev.clusterutils.run.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;

/**
 * The bean {@value CuExtensions#OPTIMIZER} of the optimizer stage (seda:cu-ask, seda:cu-tell). The
 * default routes call {@link #ask} and {@link #tell}, the run's built-in optimizer; a route that
 * replaces them with an external ask/tell program uses {@link #json} for what it sends and
 * {@link #asked} and {@link #told} for the answer the run expects.
 */
public final class CuOptimizer {
    /** The variable a replacing ask route keeps its {@link Action.Ask} in, for {@link #asked}. */
    public static final String ASK_VARIABLE = "ask";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** seda:cu-ask — the run's own optimizer proposes; the body becomes a {@link RunEvent.Asked}. */
    public RunEvent.Asked ask(Exchange exchange) {
        return builtIn(exchange).ask(exchange.getMessage().getBody(Action.Ask.class));
    }

    /** seda:cu-tell — the run's own optimizer learns; the body becomes a {@link RunEvent.Told}. */
    public RunEvent.Told tell(Exchange exchange) {
        return builtIn(exchange).tell(exchange.getMessage().getBody(Action.Tell.class));
    }

    private static OptimizerStage builtIn(Exchange exchange) {
        String runId = exchange.getMessage().getHeader(CuHeaders.RUN_ID, String.class);
        CuStages stages = CuExtensions.find(exchange.getContext(), CuExtensions.STAGES, CuStages.class);
        RunContext ctx = stages == null ? null : stages.registry().get(runId);
        if (ctx == null || ctx.optimizer() == null) {
            throw new IllegalStateException("run " + runId + " is not live or has no built-in optimizer");
        }
        return ctx.optimizer();
    }

    /**
     * An ask or a tell as text for an external program, one JSON object a line: an ask is
     * {@code {"max":3,"first_id":12}}; a tell is one line per finished job
     * ({@code {"id":12,"values":{"x":0.5},"metric":1.25,"status":"success"}}, status success, failed or
     * killed; metric null when failed; a multi-objective run adds {@code "metrics"}, one value per
     * objective), then after a resume one line per job still in flight (status pending).
     */
    public String json(Exchange exchange) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        StringBuilder out = new StringBuilder();
        if (body instanceof Action.Ask ask) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("max", ask.max());
            line.put("first_id", ask.firstId());
            out.append(JSON.writeValueAsString(line)).append('\n');
        } else if (body instanceof Action.Tell tell) {
            for (Outcome o : tell.outcomes()) {
                Map<String, Object> line = line(o.proposalId(), o.values(), o.metric(), o.status().name().toLowerCase());
                if (o.metrics().size() > 1) {
                    line.put("metrics", o.metrics()); // every objective of a multi-objective run, in metric_to_optimize order
                }
                out.append(JSON.writeValueAsString(line)).append('\n');
            }
            for (Proposal p : tell.pending()) {
                out.append(JSON.writeValueAsString(line(p.id(), p.values(), null, "pending"))).append('\n');
            }
        } else {
            throw new IllegalArgumentException("cuOptimizer.json takes an Action.Ask or an Action.Tell, not "
                    + (body == null ? "an empty body" : body.getClass().getName()));
        }
        return out.toString();
    }

    private static Map<String, Object> line(long id, Map<String, Object> values, Double metric, String status) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("values", values);
        line.put("metric", metric == null || metric.isNaN() || metric.isInfinite() ? null : metric);
        line.put("status", status);
        return line;
    }

    /**
     * An external program's answer to an ask: one JSON object of parameter values a line (dotted names
     * as in optimized_params; an {@code "id"} key, when present, is the proposal's id, else the ask's
     * {@code first_id} onwards); an empty answer proposes nothing for now; a line {@code {"exhausted":true}}
     * says it will never propose again. The body is the program's output (an exec result or text);
     * the ask it answers is the variable {@value #ASK_VARIABLE}. A program that exited non-zero, or an
     * answer that is no such list, fails the stage: the run ends with its jobs cancelled.
     */
    public RunEvent.Asked asked(Exchange exchange) throws JsonProcessingException {
        String text = output(exchange);
        Object variable = exchange.getVariable(ASK_VARIABLE);
        Action.Ask ask = variable instanceof Action.Ask a ? a : null;
        List<Proposal> proposals = new ArrayList<>();
        boolean exhausted = false;
        for (String raw : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            Object parsed = JSON.readValue(raw, Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("the optimizer answered '" + abbreviate(raw) + "', not a JSON object of parameter values");
            }
            if (Boolean.TRUE.equals(map.get("exhausted")) && map.size() == 1) {
                exhausted = true;
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            Long id = null;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ("id".equals(e.getKey())) {
                    if (!(e.getValue() instanceof Number n)) {
                        throw new IllegalArgumentException("the optimizer's proposal id must be a number: " + abbreviate(raw));
                    }
                    id = n.longValue();
                } else {
                    values.put(String.valueOf(e.getKey()), e.getValue());
                }
            }
            if (id == null) {
                if (ask == null) {
                    throw new IllegalStateException("a proposal without an \"id\" and no variable '" + ASK_VARIABLE
                            + "' holding the ask it answers: " + abbreviate(raw));
                }
                id = ask.firstId() + proposals.size();
            }
            proposals.add(new Proposal(id, values));
        }
        if (ask != null && proposals.size() > ask.max()) {
            throw new IllegalStateException("the optimizer proposed " + proposals.size() + " parameter sets, " + ask.max() + " were asked");
        }
        return new RunEvent.Asked(proposals, exhausted);
    }

    /** An external program's answer to a tell: the run goes on when it exited 0; its output is not read. */
    public RunEvent.Told told(Exchange exchange) {
        output(exchange);
        return new RunEvent.Told();
    }

    /** The program's standard output; a non-zero exit fails with the first line of its standard error. */
    private static String output(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Integer exit = exchange.getMessage().getHeader(ExecBinding.EXEC_EXIT_VALUE, Integer.class);
        if (body instanceof ExecResult result) {
            exit = result.getExitValue();
        }
        if (exit != null && exit != 0) {
            String err = exchange.getContext().getTypeConverter().convertTo(String.class, exchange,
                    body instanceof ExecResult result ? result.getStderr() : exchange.getMessage().getHeader(ExecBinding.EXEC_STDERR));
            String first = err == null ? "" : err.strip().lines().reduce((a, b) -> b).orElse("");
            throw new IllegalStateException("the optimizer command exited with code " + exit + (first.isEmpty() ? "" : ": " + first));
        }
        if (body instanceof ExecResult result) {
            String out = exchange.getContext().getTypeConverter().convertTo(String.class, exchange, result.getStdout());
            return out == null ? "" : out;
        }
        String text = exchange.getMessage().getBody(String.class);
        return text == null ? "" : text;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
