package dev.exceptionledger.bench.load;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteProcessesTest {

    @Test
    void cpuPerInteractionIsEachProcessesDifferenceAndTheSuitesTotalLeavesTheLoadGeneratorOut() {
        Map<String, Double> before = Map.of("intake-service", 1_000.0, "postgresql", 500.0, "loadgen", 100.0);
        Map<String, Double> after = Map.of("intake-service", 1_420.0, "postgresql", 700.0, "loadgen", 900.0,
                "kafka", 80.0);

        Map<String, Double> per = SuiteProcesses.cpuMillisPer(before, after, 100);

        assertEquals(Map.of("intake-service", 4.2, "postgresql", 2.0, "loadgen", 8.0, "kafka", 0.8, "total", 7.0), per);
    }

    @Test
    void thisJvmsCpuTimeIsReadFromProc() {
        double before = SuiteProcesses.cpuMillis().get(SuiteProcesses.LOADGEN);
        long giveUp = System.nanoTime() + 20_000_000_000L;
        double spent = 0;
        double spin = 0;
        // spin until /proc shows the time spent: on a busy machine the wall time that takes varies, the CPU time not
        while (spent < 50 && System.nanoTime() < giveUp) {
            for (int i = 0; i < 1_000_000; i++) {
                spin += Math.sqrt(spin + i);
            }
            spent = SuiteProcesses.cpuMillis().get(SuiteProcesses.LOADGEN) - before;
        }

        assertTrue(spent >= 50, "spinning shows as CPU time, got " + spent + " ms (" + spin + ")");
    }
}
