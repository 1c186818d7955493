package dev.clusterutils.run;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Where the server's own CPU went, by kind of thread, for metadata.json's
 * {@code server_cpu_by_thread_seconds}: on two cores every CPU-second of the server's competes with
 * the jobs, and the total alone does not say whether it was the JIT compiler, Camel's consumers or
 * the run's code. Read from Linux's /proc/self/task (the JVM's compiler and GC threads are native
 * threads that no management bean reports); empty elsewhere.
 */
public final class ServerCpu {
    /** Linux's clock ticks per second for /proc's utime and stime: USER_HZ, 100 on every Linux ABI in use. */
    private static final double TICKS = 100.0;
    private static final Path TASKS = Path.of("/proc/self/task");

    private ServerCpu() {
    }

    /**
     * Seconds of CPU per kind of thread alive now, plus {@code ended} for threads that have ended
     * (the process's total less the live threads'); empty when /proc cannot be read.
     */
    public static Map<String, Double> byThread() {
        Optional<CpuClocks> clocks = CpuClocks.get();
        Map<String, Double> out = new TreeMap<>();
        double live = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                // a thread's CPU clock counts nanoseconds; /proc's ticks are cut to 10 ms per thread, which
                // over forty threads loses about 0.2 s and would land in "ended"
                OptionalDouble seconds = clocks.isPresent()
                        ? clocks.get().thread(Integer.parseInt(task.getFileName().toString())) : ticks(task);
                if (seconds.isEmpty()) {
                    continue; // ended while we looked
                }
                live += seconds.getAsDouble();
                out.merge(kind(readComm(task)), seconds.getAsDouble(), Double::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        OptionalDouble total = clocks.isPresent() ? clocks.get().process()
                : ProcessHandle.current().info().totalCpuDuration().map(d -> OptionalDouble.of(d.toNanos() / 1e9))
                        .orElse(OptionalDouble.empty());
        if (total.isPresent()) {
            out.put("ended", Math.max(0, total.getAsDouble() - live));
        }
        out.replaceAll((k, v) -> Math.round(v * 100) / 100.0);
        return out;
    }

    /** The per-thread and per-process CPU clocks of clock_gettime(2), through JNA on 64-bit Linux. */
    private static final class CpuClocks {
        interface LibC extends Library {
            int clock_gettime(int clockId, long[] timespec);
        }

        private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
        private static volatile Optional<CpuClocks> instance;
        private final LibC libc;

        private CpuClocks(LibC libc) {
            this.libc = libc;
        }

        static Optional<CpuClocks> get() {
            if (instance == null) {
                Optional<CpuClocks> c;
                try {
                    // timespec as two longs holds on LP64 only
                    c = Native.LONG_SIZE == 8 && System.getProperty("os.name").startsWith("Linux")
                            ? Optional.of(new CpuClocks(Native.load("c", LibC.class))) : Optional.empty();
                } catch (LinkageError | RuntimeException e) {
                    c = Optional.empty();
                }
                instance = c;
            }
            return instance;
        }

        /** Linux's clock id of another thread of this process: MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED). */
        OptionalDouble thread(int tid) {
            return read((~tid << 3) | 6);
        }

        OptionalDouble process() {
            return read(CLOCK_PROCESS_CPUTIME_ID);
        }

        private OptionalDouble read(int clockId) {
            long[] ts = new long[2];
            return libc.clock_gettime(clockId, ts) == 0 ? OptionalDouble.of(ts[0] + ts[1] / 1e9) : OptionalDouble.empty();
        }
    }

    /**
     * The kind of a thread from its name as Linux keeps it (15 characters): the JVM's and Camel's
     * threads by their prefixes, the tool's own ({@code cu-...}) by name less a trailing number.
     */
    static String kind(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") || comm.startsWith("Sweeper")) {
            return "jit_compiler";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")
                || comm.startsWith("VM Periodic") || comm.startsWith("Service Thread")) {
            return "jvm_gc_and_vm";
        }
        if (comm.startsWith("Camel")) {
            return "camel_threads";
        }
        if (comm.startsWith("process reaper") || comm.startsWith("ForkJoinPool")) {
            // the JDK's waits for child processes, and the common pool where Process.onExit() continues:
            // the local backend's handling of each job's exit
            return "process_exits";
        }
        if (comm.equals("java") || comm.equals("main")) {
            return "main";
        }
        if (comm.startsWith("cu-")) {
            return comm.replaceAll("[-#]?\\d+$", "");
        }
        return "other";
    }

    private static String readComm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** utime plus stime of one task, in seconds, from its stat line, whose second field (the name) may hold spaces. */
    private static OptionalDouble ticks(Path task) {
        String stat;
        try {
            stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalDouble.empty();
        }
        String[] f = stat.substring(close + 2).split(" ");
        // after "pid (comm) " the fields start at state (field 3); utime is field 14, stime 15
        return OptionalDouble.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS);
    }
}
