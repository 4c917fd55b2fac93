package org.muster.ops.loadgen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class ProcessCpuTest {

    @Test
    void countsTheProcessesNamedButNeverTheLoadGeneratorItself() throws Exception {
        String marker = "muster-cpu-probe-" + System.nanoTime();
        // a shell that spins for a while, then sleeps: its command line holds the marker ($0)
        Process busy = new ProcessBuilder("sh", "-c",
                "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done; echo spun; sleep 30", marker).start();
        try {
            assertThat(new String(busy.getInputStream().readNBytes(5))).isEqualTo("spun\n");
            assertThat(ProcessCpu.secondsMatching(marker)).isGreaterThan(0.05);
            // this JVM's own command line matches itself; the load generator is never counted as the server's
            String own = ProcessHandle.current().info().commandLine().orElseThrow();
            assertThat(ProcessCpu.secondsMatching(own)).isZero();
        } finally {
            busy.destroyForcibly().waitFor();
        }
    }
}
