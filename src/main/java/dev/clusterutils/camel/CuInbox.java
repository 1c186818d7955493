package dev.clusterutils.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.clusterutils.inbox.Inbox;
import dev.clusterutils.inbox.InboxOptions;
import dev.clusterutils.run.ResultsDirLock;
import dev.clusterutils.run.RunOutcome;
import dev.clusterutils.settings.SettingsException;
import dev.clusterutils.settings.SettingsProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind the inbox routes ({@code routes/cluster-utils-inbox.yaml}): the file consumer
 * hands it each settled settings file, it claims the file ({@link Inbox}) and prepares the
 * message for {@link CuEndpoints#START}; completion events move the file on. It keeps at most
 * {@code concurrentRuns} files claimed; the rest wait in the folder for a later poll.
 */
public final class CuInbox {
    private static final Logger LOG = LoggerFactory.getLogger(CuInbox.class);

    private final Inbox inbox;
    private final InboxOptions options;
    private final Consumer<String> notices;
    /** run id -> its file, from the claim until the file has moved on */
    private final Map<String, Inbox.Claim> claims = new ConcurrentHashMap<>();
    /** File name to what it waits for: a run of this server (its id), or another process's run of that results dir. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    private record Waiting(String holder, Path resultsDir) {
    }
    private volatile boolean stopping;

    /**
     * @param notices where one-line notices go (file taken, rejected, done); the server prints them
     */
    public CuInbox(Inbox inbox, InboxOptions options, Consumer<String> notices) {
        this.inbox = inbox;
        this.options = options;
        this.notices = notices;
    }

    /** The inbox with its notices logged (hosts). */
    public CuInbox(Inbox inbox, InboxOptions options) {
        this(inbox, options, LOG::info);
    }

    public Inbox inbox() {
        return inbox;
    }

    public InboxOptions options() {
        return options;
    }

    /** Files claimed and not yet moved on (their runs are starting or running). */
    public int active() {
        return claims.size();
    }

    /** No more files are taken; runs going on are not touched. */
    public void stop() {
        stopping = true;
    }

    /**
     * cu-inbox route — claims the file the consumer found. The body becomes the claimed file's
     * path with the run's id, overrides and per-file properties as headers, or null when the
     * file is not taken now (all run slots busy, the server stopping, a same-named file running).
     */
    public Path claim(Exchange exchange) {
        String found = exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class);
        if (stopping || found == null || claims.size() >= options.concurrentRuns()) {
            return null;
        }
        Waiting w = waiting.get(Path.of(found).getFileName().toString());
        if (w != null && (claims.containsKey(w.holder()) || ResultsDirLock.holder(w.resultsDir()).isPresent())) {
            // still held: not claimed and given back at every poll (a run of another process may take hours)
            return null;
        }
        Inbox.Claim claim;
        try {
            claim = inbox.claim(Path.of(found).toAbsolutePath());
        } catch (IOException e) {
            LOG.warn("Cannot claim {}: {}", found, e.toString());
            return null;
        }
        if (claim == null) {
            return null;
        }
        waiting.remove(claim.name());
        String runId = UUID.randomUUID().toString();
        claims.put(runId, claim);
        var msg = exchange.getMessage();
        msg.setHeader(CuHeaders.RUN_ID, runId);
        try {
            msg.setHeader(CuHeaders.OVERRIDES, inbox.overrides(claim));
            msg.setHeader(CuHeaders.PROPERTIES, inbox.properties(claim));
        } catch (IOException | IllegalArgumentException e) {
            reject(runId, List.of("cannot read the sidecar files of " + claim.name() + ": " + e.getMessage()));
            return null;
        }
        notices.accept("Taking " + claim.name() + " (run " + runId + ")");
        return claim.file();
    }

    /**
     * cu-inbox route, when {@link CuEndpoints#START} refused the file: every settings problem goes
     * to {@code <file>.problems.txt} in {@code .failed/}; a busy results directory gives the file
     * back to the folder, to be taken once the other run has ended.
     */
    public void rejected(Exchange exchange) {
        String runId = exchange.getMessage().getHeader(CuHeaders.RUN_ID, String.class);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof RunRegistry.ResultsDirBusy busy) {
                Inbox.Claim claim = claims.remove(runId);
                if (claim != null) {
                    try {
                        inbox.release(claim);
                        // a run of another process ends without telling this server: claim() looks at its lock at
                        // every poll and takes the file once it is free; said once
                        Waiting before = waiting.put(claim.name(), new Waiting(busy.holder(), busy.dir()));
                        if (before == null || !busy.holder().equals(before.holder())) {
                            notices.accept("Waiting: " + claim.name() + " writes to the results directory of a running run ("
                                    + busy.holder() + "); it starts when that run has ended");
                        }
                    } catch (IOException e) {
                        LOG.warn("Cannot give {} back to the inbox: {}", claim.name(), e.toString());
                    }
                }
                return;
            }
            if (t instanceof SettingsException se) {
                List<String> problems = new ArrayList<>();
                for (SettingsProblem p : se.problems()) {
                    problems.add(p.toString());
                }
                reject(runId, problems);
                return;
            }
        }
        reject(runId, List.of(caught == null ? "the run could not start" : String.valueOf(caught.getMessage())));
    }

    private void reject(String runId, List<String> problems) {
        Inbox.Claim claim = claims.remove(runId);
        if (claim == null) {
            return;
        }
        try {
            Path moved = inbox.reject(claim, problems);
            notices.accept("Rejected " + claim.name() + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + "): see " + moved.resolveSibling(moved.getFileName() + Inbox.PROBLEMS));
        } catch (IOException e) {
            LOG.warn("Cannot move {} to {}: {}", claim.name(), Inbox.FAILED, e.toString());
        }
    }

    /**
     * cu-inbox-completed route — a run has ended: its file moves to {@code .done/} or
     * {@code .failed/}. A run stopped with the server keeps its file in {@code .running/}: the next
     * start puts it back and the run resumes. Completions of runs that are not the inbox's are ignored.
     */
    public void completed(Exchange exchange) {
        RunCompleted done = exchange.getMessage().getBody(RunCompleted.class);
        if (done == null) {
            return;
        }
        Inbox.Claim claim = claims.get(done.runId());
        if (claim == null) {
            return;
        }
        RunOutcome outcome = done.outcome();
        try {
            if (outcome == null || outcome.status() == RunOutcome.Status.INTERRUPTED) {
                notices.accept("Stopped " + claim.name() + "; it continues when the server starts again");
            } else {
                Path moved = inbox.finish(claim, done.runId(), done.resultsDir(), outcome);
                notices.accept((outcome.status() == RunOutcome.Status.FINISHED ? "Done " : "Failed ") + claim.name()
                        + ": " + outcome.message() + " Results in " + done.resultsDir() + "; file now in " + moved.getParent());
            }
        } catch (IOException e) {
            LOG.warn("Cannot move {} on: {}", claim.name(), e.toString());
        } finally {
            claims.remove(done.runId());
            waiting.values().removeIf(w -> w.holder().equals(done.runId()));
        }
    }

    /** cu-inbox-status route — the server's health and progress for {@code .status.json}. */
    public String status(Exchange exchange) throws JsonProcessingException {
        return ServerStatus.json(exchange.getContext());
    }

    /** The folder's files per state (for the health check and the status file). */
    public Inbox.Counts counts() throws IOException {
        return inbox.counts();
    }
}
