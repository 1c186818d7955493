package dev.clusterutils.backend.scheduler;

import java.nio.file.Path;

/** A file a dialect wants written before a submission: the run script (executable), a .sub file, an array script. */
public record SubmissionFile(Path path, String content, boolean executable) {
}
