package dev.clusterutils.workspace;

import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.CommandRunner;
import dev.clusterutils.settings.GitParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The jobs' copy of the code (spec 8): a clone of the configured repository (the origin of the
 * current one when no url is given) at the branch and commit asked for, and a record of the user's
 * working copy, so a result can be traced to the code that made it. Runs the real {@code git}.
 */
public final class GitCheckout {
    private static final Duration LOCAL = Duration.ofSeconds(30);
    private static final Duration NETWORK = Duration.ofMinutes(10);

    private final CommandRunner commands;

    public GitCheckout(CommandRunner commands) {
        this.commands = commands;
    }

    /**
     * Clones into {@code projectDir} and checks that {@code script} is there.
     *
     * @param cwd the directory the tool was started from: its repository is the default remote
     */
    public GitInfo clone(GitParams params, Path cwd, Path projectDir, String script, Path diffFile) throws IOException {
        String url = params.url();
        if (url == null || url.isBlank()) {
            url = originOf(cwd, "No git repository given (git_params.url) and the current directory " + cwd
                    + " is not inside a git repository. Set git_params.url, or run_in_working_dir = true.");
        } else if (Files.isDirectory(Path.of(url)) && isRepository(Path.of(url)) && hasOrigin(Path.of(url))) {
            // as the original: a local repository stands for its remote, so jobs run pushed code
            url = originOf(Path.of(url), "");
        }
        List<String> argv = new ArrayList<>(List.of("git", "clone", "--quiet"));
        if (params.branch() != null) {
            argv.add("--branch");
            argv.add(params.branch());
        }
        if (params.depth() != null) {
            argv.add("--depth");
            argv.add(Integer.toString(params.depth()));
            if (params.branch() == null) {
                argv.add("--no-single-branch");
            }
        }
        argv.add(url);
        argv.add(projectDir.toString());
        Files.createDirectories(projectDir.getParent());
        CommandResult clone = git(argv, projectDir.getParent(), NETWORK);
        if (!clone.ok()) {
            String out = clone.output();
            if (params.branch() != null && (out.contains("Remote branch") || out.contains("not found in upstream"))) {
                throw new GitException("Branch '" + params.branch() + "' does not exist in " + url + " (git_params.branch).");
            }
            throw new GitException("git clone of " + url + " failed: " + out);
        }
        if (params.commit() != null) {
            checkoutCommit(params, projectDir, url);
        }
        if (!Files.exists(projectDir.resolve(script))) {
            throw new GitException(script + " does not exist in the clone of " + url + " (script_relative_path). Wrong script name?");
        }
        Head head = head(projectDir);
        String branch = params.branch() != null ? params.branch() : head.branch();
        Optional<Status> status = status(cwd);
        WorkingCopy wc = status.isPresent() ? workingCopy(status.get(), cwd, diffFile) : WorkingCopy.NONE;
        return new GitInfo(url, branch, head.commit(), head.summary(), head.author(), head.date(), projectDir.toString(),
                wc.dirty, wc.diffFile, wc.sha256);
    }

    private void checkoutCommit(GitParams params, Path projectDir, String url) throws IOException {
        String commit = params.commit();
        CommandResult co = git(List.of("git", "-c", "advice.detachedHead=false", "checkout", "--quiet", commit), projectDir, LOCAL);
        if (co.ok()) {
            return;
        }
        // the original needed the branch to contain the commit within depth; ask the server for it directly
        CommandResult fetch = git(params.depth() != null
                ? List.of("git", "fetch", "--quiet", "--depth", Integer.toString(params.depth()), "origin", commit)
                : List.of("git", "fetch", "--quiet", "origin", commit), projectDir, NETWORK);
        if (fetch.ok() && git(List.of("git", "-c", "advice.detachedHead=false", "checkout", "--quiet", "FETCH_HEAD"),
                projectDir, LOCAL).ok()) {
            return;
        }
        String where = params.branch() != null ? "branch '" + params.branch() + "'" : "the default branch";
        String depth = params.depth() != null ? " within depth " + params.depth() : "";
        throw new GitException("Commit " + commit + " is not a valid revision of " + url + ": not found on " + where + depth
                + ", and the server would not send it directly (git_params.commit).");
    }

    /**
     * The user's working copy, whatever the jobs run: HEAD and whether uncommitted changes exist.
     * Its three git calls run at once: each is a process start on the way to the first job.
     */
    public GitInfo describeWorkingCopy(Path cwd, Path diffFile) throws IOException {
        CompletableFuture<CommandResult> log = inBackground(() -> git(LOG, cwd, LOCAL));
        CompletableFuture<CommandResult> origin = inBackground(() -> git(List.of("git", "remote", "get-url", "origin"), cwd, LOCAL));
        Optional<Status> status = status(cwd);
        CommandResult logged = join(log);
        CommandResult url = join(origin);
        if (status.isEmpty()) {
            return new GitInfo(null, null, null, null, null, null, null, false, null, null);
        }
        Head head = head(status.get(), logged);
        WorkingCopy wc = workingCopy(status.get(), cwd, diffFile);
        return new GitInfo(url.ok() ? url.stdout().strip() : null, head.branch(), head.commit(), head.summary(), head.author(),
                head.date(), null, wc.dirty, wc.diffFile, wc.sha256);
    }

    private record WorkingCopy(boolean dirty, String diffFile, String sha256) {
        static final WorkingCopy NONE = new WorkingCopy(false, null, null);
    }

    private record Head(String commit, String branch, String summary, String author, String date) {
    }

    /**
     * What {@code git status --porcelain=v2 --branch} says of a working copy: HEAD's commit and
     * branch (empty strings before the first commit, branch {@code HEAD} when detached, as
     * {@code git rev-parse --abbrev-ref HEAD} says), whether anything differs from HEAD, and the
     * untracked files (each by name, not their directories).
     */
    record Status(String commit, String branch, boolean dirty, List<String> untracked) {
        static Status parse(String porcelain) {
            String commit = "";
            String branch = "";
            boolean dirty = false;
            List<String> untracked = new ArrayList<>();
            for (String line : porcelain.split("\n")) {
                if (line.startsWith("# branch.oid ")) {
                    String oid = line.substring("# branch.oid ".length()).strip();
                    commit = oid.equals("(initial)") ? "" : oid;
                } else if (line.startsWith("# branch.head ")) {
                    String name = line.substring("# branch.head ".length()).strip();
                    branch = name.equals("(detached)") ? "HEAD" : name;
                } else if (line.startsWith("? ")) {
                    dirty = true;
                    untracked.add(line.substring(2));
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    dirty = true;
                }
            }
            if (commit.isEmpty()) {
                // as rev-parse, which fails before the first commit: no branch either
                branch = "";
            }
            return new Status(commit, branch, dirty, List.copyOf(untracked));
        }
    }

    private static final List<String> LOG = List.of("git", "log", "-1", "--format=%s%n%an%n%cI");

    /** The working copy's status; empty when {@code dir} is not in a repository's work tree. */
    private Optional<Status> status(Path dir) throws IOException {
        CommandResult r = git(List.of("git", "status", "--porcelain=v2", "--branch", "--untracked-files=all"), dir, LOCAL);
        return r.ok() ? Optional.of(Status.parse(r.stdout())) : Optional.empty();
    }

    /** HEAD of a clone: its commit and branch, subject, author and date, in two git calls at once. */
    private Head head(Path dir) throws IOException {
        CompletableFuture<CommandResult> log = inBackground(() -> git(LOG, dir, LOCAL));
        List<String> ids = lines(git(List.of("git", "rev-parse", "HEAD", "--abbrev-ref", "HEAD"), dir, LOCAL), 2);
        List<String> l = lines(join(log), 3);
        return new Head(ids.get(0), ids.get(1), l.get(0), l.get(1), l.get(2));
    }

    private static Head head(Status status, CommandResult logged) {
        List<String> l = lines(logged, 3);
        return new Head(status.commit(), status.branch(), l.get(0), l.get(1), l.get(2));
    }

    /** The first {@code n} lines of a command's output, blank ones kept in place; empty strings when it failed. */
    private static List<String> lines(CommandResult r, int n) {
        String[] parts = r.ok() ? r.stdout().split("\n", -1) : new String[0];
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i < parts.length ? parts[i].strip() : "");
        }
        return out;
    }

    /** A dirty working copy leaves its diff (tracked changes and untracked files' names) beside the results. */
    private WorkingCopy workingCopy(Status status, Path cwd, Path diffFile) throws IOException {
        if (!status.dirty()) {
            return WorkingCopy.NONE;
        }
        CommandResult diff = git(List.of("git", "diff", "HEAD", "--binary"), cwd, LOCAL);
        StringBuilder text = new StringBuilder(diff.stdout());
        if (!status.untracked().isEmpty()) {
            text.append("\n# untracked files (not in the diff):\n");
            for (String f : status.untracked()) {
                text.append("# ").append(f).append('\n');
            }
        }
        Files.createDirectories(diffFile.getParent());
        Files.writeString(diffFile, text.toString());
        return new WorkingCopy(true, diffFile.toString(), sha256(text.toString()));
    }

    private interface GitCall {
        CommandResult run() throws IOException;
    }

    /** A git call on a thread of its own (the common pool has one thread on a 2-core machine). */
    private static CompletableFuture<CommandResult> inBackground(GitCall call) {
        CompletableFuture<CommandResult> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(call.run());
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "cu-git");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static CommandResult join(CompletableFuture<CommandResult> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while git ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private boolean isRepository(Path dir) throws IOException {
        return git(List.of("git", "rev-parse", "--git-dir"), dir, LOCAL).ok();
    }

    private boolean hasOrigin(Path dir) throws IOException {
        return git(List.of("git", "remote", "get-url", "origin"), dir, LOCAL).ok();
    }

    private String originOf(Path dir, String notARepository) throws IOException {
        if (!isRepository(dir)) {
            throw new GitException(notARepository);
        }
        CommandResult r = git(List.of("git", "remote", "get-url", "origin"), dir, LOCAL);
        if (!r.ok()) {
            throw new GitException("The repository at " + dir + " has no remote 'origin' to clone from. Set git_params.url.");
        }
        return r.stdout().strip();
    }

    private CommandResult git(List<String> argv, Path dir, Duration timeout) throws IOException {
        try {
            return commands.run(argv, dir, timeout);
        } catch (IOException e) {
            throw new GitException("cannot run git (" + e.getMessage() + "); is git installed?");
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
