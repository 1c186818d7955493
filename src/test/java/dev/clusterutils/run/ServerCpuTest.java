package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerCpuTest {
    @Test
    void threadsAreGroupedByWhatTheyDo() {
        assertEquals("jit_compiler", ServerCpu.kind("C2 CompilerThre"));
        assertEquals("jit_compiler", ServerCpu.kind("C1 CompilerThre"));
        assertEquals("jvm_gc_and_vm", ServerCpu.kind("GC Thread#1"));
        assertEquals("jvm_gc_and_vm", ServerCpu.kind("G1 Refine#0"));
        assertEquals("camel_threads", ServerCpu.kind("Camel (camel-1)"));
        assertEquals("main", ServerCpu.kind("java"));
        assertEquals("cu-finish", ServerCpu.kind("cu-finish-12"));
        assertEquals("cu-camel-main", ServerCpu.kind("cu-camel-main"));
        assertEquals("process_exits", ServerCpu.kind("process reaper"));
        assertEquals("process_exits", ServerCpu.kind("ForkJoinPool.co"));
        assertEquals("other", ServerCpu.kind("JNA Cleaner"));
    }

    @Test
    void theKindsAddUpToTheProcessTotal() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        long until = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < until) {
            x += Math.sqrt(x + 1); // CPU on this thread, so that it shows in whole ticks
        }
        Map<String, Double> cpu = ServerCpu.byThread();
        assertTrue(x > 0);
        double sum = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        double total = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis() / 1000.0;
        assertTrue(cpu.containsKey("ended"), cpu.toString());
        // each kind is rounded to 10 ms, the process total read a moment later
        assertTrue(Math.abs(sum - total) < 0.05 * cpu.size() + 0.2, sum + " against " + total + ": " + cpu);
        assertTrue(cpu.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) >= 0.2, cpu.toString());
    }
}
