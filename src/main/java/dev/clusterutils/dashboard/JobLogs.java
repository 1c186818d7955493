package dev.clusterutils.dashboard;

/** Where a job's files are: its working dir, its run script and the script's output (paths on the server's machine). */
public record JobLogs(String workingDir, String runScript, String stdout, String stderr) {
}
