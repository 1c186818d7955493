package dev.clusterutils.settings;

/**
 * A Python error while evaluating a dynamic value ({@code NameError}, {@code TypeError},
 * {@code SyntaxError}, ...). The loader never shows it to the user: a string whose evaluation
 * fails is kept as written, because the job's Python client evaluates it again per job.
 */
final class PyEvalException extends RuntimeException {
    PyEvalException(String pythonType, String message) {
        super(pythonType + ": " + message);
    }
}
