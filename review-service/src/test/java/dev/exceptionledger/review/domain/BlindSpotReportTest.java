package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.review.domain.BlindSpotReport.Cluster;
import dev.exceptionledger.review.domain.BlindSpotReport.ReviewedCase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

class BlindSpotReportTest {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void countsAndRatesPerDimensionValueWithTheMostOftenWrongFirst() {
        BlindSpotReport report = BlindSpotReport.of(FROM, TO, List.of(
                reviewed("a", "pricing", "chat", 0.9, Verdict.OVERTURNED, null, null),
                reviewed("b", "pricing", "chat", 0.5, Verdict.MISSED_OPPORTUNITY, 2000.0, 3000.0),
                reviewed("c", "pricing", "email", 0.1, Verdict.CONFIRMED, null, null),
                reviewed("d", "billing", "email", 0.1, Verdict.WRONG_TEAM, null, null),
                reviewed("e", "billing", "email", 0.2, Verdict.CONFIRMED, null, null)));

        assertThat(report.reviewed(), is(5));
        Cluster pricing = cluster(report, "intent", "pricing");
        assertThat(pricing.reviewed(), is(3));
        assertThat(pricing.overturned(), is(1));
        assertThat(pricing.missedOpportunity(), is(1));
        assertThat(pricing.wrongRate(), is(0.6667));
        assertThat(pricing.overturnRate(), is(0.3333));
        assertThat(pricing.missedOpportunityRate(), is(0.3333));
        assertThat(pricing.estimatedMissed(), is(2000.0));
        assertThat(pricing.wonValue(), is(3000.0));
        assertThat(pricing.examples().stream().map(BlindSpotReport.Example::interactionId).toList(),
                contains("a", "b", "c"));
        assertThat(cluster(report, "intent", "billing").overturnRate(), is(0.5));
        assertThat(cluster(report, "noveltyBand", "high").reviewed(), is(1));
        assertThat(cluster(report, "noveltyBand", "medium").reviewed(), is(1));
        assertThat(cluster(report, "noveltyBand", "low").reviewed(), is(3));
        assertThat(cluster(report, "routingOutcome", "ESCALATED").reviewed(), is(5));
        // 3 wrong first; among the 2-wrong clusters the higher rate (chat 2/2) first
        assertThat(report.clusters().get(0).dimension(), is("agentAction"));
        assertThat(report.clusters().get(1).dimension(), is("routingOutcome"));
        assertThat(report.clusters().get(2).value(), is("chat"));
    }

    @Test
    void writesCsvWithOneLinePerClusterQuotingWhatNeedsIt() {
        BlindSpotReport report = BlindSpotReport.of(FROM, TO, List.of(
                reviewed("x", "a,b", "=cmd", null, Verdict.CONFIRMED, null, null)));
        String csv = report.toCsv();
        assertThat(csv.lines().count(), is(1L + report.clusters().size()));
        assertThat(csv.contains("\nintent,\"a,b\",1,1,0,0,0,0,0.0,0.0,0.0,0.0,0.0,x\n"), is(true));
        assertThat(csv.contains("\nchannel,'=cmd,"), is(true));
        assertThat(csv.contains("\nnoveltyBand,unknown,"), is(true));
    }

    @Test
    void countsUnnecessaryEscalationsAsWrong() {
        BlindSpotReport report = BlindSpotReport.of(FROM, TO, List.of(
                reviewed("a", "faq", "email", 0.1, Verdict.UNNECESSARY, null, null),
                reviewed("b", "faq", "email", 0.1, Verdict.CONFIRMED, null, null)));
        Cluster faq = cluster(report, "intent", "faq");
        assertThat(faq.unnecessary(), is(1));
        assertThat(faq.wrongRate(), is(0.5));
        assertThat(faq.overturnRate(), is(0.0));
        assertThat(faq.examples().get(0).verdict(), is(Verdict.UNNECESSARY));
    }

    private static Cluster cluster(BlindSpotReport report, String dimension, String value) {
        return report.clusters().stream().filter(c -> c.dimension().equals(dimension) && c.value().equals(value))
                .findFirst().orElseThrow();
    }

    private static ReviewedCase reviewed(String id, String intent, String channel, Double novelty, Verdict verdict,
                                         Double estimated, Double won) {
        return new ReviewedCase(id, intent, channel, "ESCALATED", "closed", novelty, verdict, estimated, won,
                "note", "preview");
    }
}
