package org.muster.ops.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process and its descendants (the server and its embedded PostgreSQL) from /proc on Linux:
 * utime + stime of /proc/PID/stat, in clock ticks of 1/100 s (USER_HZ). Zero where /proc is not there.
 */
final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU seconds used so far by {@code pid} and, if {@code withChildren}, every live descendant. */
    static double seconds(long pid, boolean withChildren) {
        double total = ticks(pid);
        if (withChildren) {
            total += ProcessHandle.of(pid).map(h -> h.descendants().mapToDouble(d -> ticks(d.pid())).sum()).orElse(0.0);
        }
        return total / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of every process whose command line contains {@code text} (e.g. the server's data directory, which
     * names the embedded PostgreSQL's postmaster, a daemon no longer below the server), plus their descendants.
     * Never this process, whose own command line holds the text as the value of {@code --cpu-match}.
     */
    static double secondsMatching(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(h -> h.pid() != self)
                .filter(h -> h.info().commandLine().map(c -> c.contains(text)).orElse(false))
                .mapToDouble(h -> seconds(h.pid(), true)).sum();
    }

    private static double ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Double.parseDouble(f[11]) + Double.parseDouble(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }
}
