package dev.exceptionledger.bench.load;

import dev.exceptionledger.bench.load.LoadGenerator.Journey;
import dev.exceptionledger.bench.load.LoadGenerator.Send;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's figures, reconciled against the ledger: every accepted interaction (202) must be received, classified and
 * routed exactly once there.
 *
 * @param rejected            requests not accepted, whatever the reason (see {@code answers})
 * @param answers             count per answer: the HTTP status, "no-answer" (connection failed) or "timed-out"
 * @param routedInLedger      accepted interactions with a routing decision in the ledger
 * @param lost                accepted interactions without one
 * @param notClassified       accepted interactions without a classification in the ledger
 * @param duplicates          accepted interactions with more than one received, classified or routed event
 * @param throughputPerSecond routing decisions of accepted interactions per second, first request to last decision
 * @param p50Millis           from the 202 to the routing decision's recordedAt in the ledger (p50, p95, p99, max)
 * @param intakeP50Millis     from the moment a request was due to its answer (p50, p99)
 * @param stageMillis         where the time from the 202 to the ledger goes, p50 and p99 of each step: to the
 *                            classification (its occurredAt: intake's publish, the broker and the classifier), to the
 *                            routing decision (its occurredAt), to the ledger's recordedAt of that decision
 * @param cpuMillisPerInteraction CPU milliseconds each process of the suite spent per accepted interaction, from the
 *                        first request to the end of the drain, and their {@code total} (the load generator's own
 *                        shown beside, not counted)
 * @param examples            up to ten lost or duplicated interaction ids
 */
public record LoadReport(double offeredRate, double durationSeconds, long sent, long accepted, long rejected,
                         Map<String, Long> answers, long routedInLedger, long lost, long notClassified, long duplicates,
                         double throughputPerSecond, long p50Millis, long p95Millis, long p99Millis, long maxMillis,
                         long intakeP50Millis, long intakeP99Millis, Map<String, Map<String, Long>> stageMillis,
                         Map<String, Long> peakRssMb,
                         Map<String, Double> cpuMillisPerInteraction, Map<String, Object> machine,
                         List<String> examples) {

    public static LoadReport of(LoadGenerator load, Duration duration, Collection<Send> sends,
                                Map<String, Journey> ledger, Map<String, Long> peakRssMb,
                                Map<String, Double> cpuMillisBefore, Map<String, Double> cpuMillisAfter,
                                Map<String, Object> machine) {
        Map<String, Long> answers = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        List<Long> intake = new ArrayList<>();
        List<Long> toClassified = new ArrayList<>();
        List<Long> toRouted = new ArrayList<>();
        List<Long> toRecorded = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        long accepted = 0, routed = 0, lost = 0, notClassified = 0, duplicates = 0;
        Instant lastRouted = load.startedAt();
        for (Send send : sends) {
            String answer = switch (send.status()) {
                case Send.NO_ANSWER -> "no-answer";
                case Send.TIMED_OUT -> "timed-out";
                default -> Integer.toString(send.status());
            };
            answers.merge(answer, 1L, Long::sum);
            intake.add(Duration.between(send.dueAt(), send.answeredAt()).toMillis());
            if (!send.accepted()) {
                continue;
            }
            accepted++;
            Journey j = ledger.get(send.interactionId());
            if (j == null || j.routed.isEmpty()) {
                lost++;
                if (examples.size() < 10) {
                    examples.add("lost " + send.interactionId());
                }
            } else {
                routed++;
                latencies.add(Duration.between(send.answeredAt(), j.firstRoutedAt).toMillis());
                lastRouted = j.firstRoutedAt.isAfter(lastRouted) ? j.firstRoutedAt : lastRouted;
                if (j.classifiedAt != null) {
                    toClassified.add(Duration.between(send.answeredAt(), j.classifiedAt).toMillis());
                    toRouted.add(Duration.between(j.classifiedAt, j.routedAt).toMillis());
                    toRecorded.add(Duration.between(j.routedAt, j.firstRoutedAt).toMillis());
                }
            }
            if (j == null || j.classified.isEmpty()) {
                notClassified++;
            }
            if (j != null && (j.received.size() > 1 || j.classified.size() > 1 || j.routed.size() > 1)) {
                duplicates++;
                if (examples.size() < 10) {
                    examples.add("duplicated " + send.interactionId());
                }
            }
        }
        double seconds = Math.max(0.001, Duration.between(load.startedAt(), lastRouted).toMillis() / 1000.0);
        latencies.sort(null);
        intake.sort(null);
        Map<String, Map<String, Long>> stages = new LinkedHashMap<>();
        stages.put("answeredToClassified", p50AndP99(toClassified));
        stages.put("classifiedToRouted", p50AndP99(toRouted));
        stages.put("routedToRecorded", p50AndP99(toRecorded));
        return new LoadReport(load.rate(), duration.toMillis() / 1000.0, sends.size(), accepted, sends.size() - accepted,
                answers, routed, lost, notClassified, duplicates, Math.round(routed / seconds * 10) / 10.0,
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), percentile(latencies, 100),
                percentile(intake, 50), percentile(intake, 99), stages, peakRssMb,
                SuiteProcesses.cpuMillisPer(cpuMillisBefore, cpuMillisAfter, accepted), machine, examples);
    }

    private static Map<String, Long> p50AndP99(List<Long> millis) {
        millis.sort(null);
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("p50", percentile(millis, 50));
        figures.put("p99", percentile(millis, 99));
        return figures;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
