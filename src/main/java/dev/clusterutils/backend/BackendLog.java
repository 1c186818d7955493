package dev.clusterutils.backend;

/** Where a backend reports what the user should see in the run's log (ignored keys, retries, file locations). */
public interface BackendLog {
    BackendLog NONE = new BackendLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warning(String message) {
        }
    };

    void info(String message);

    void warning(String message);
}
