package dev.exceptionledger.review.persistence;

import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.review.domain.BlindSpotReport.ReviewedCase;
import dev.exceptionledger.review.domain.Preview;
import io.quarkus.hibernate.orm.panache.Panache;

import java.time.Instant;
import java.util.List;

/** The reviewed items behind a blind-spot report. */
public final class BlindSpots {
    private BlindSpots() { }

    /**
     * Every item whose current verdict (the latest: a correction replaces what it corrects) was recorded in
     * [from, to), with what CRMs reported as won for its interaction.
     */
    public static List<ReviewedCase> reviewedBetween(Instant from, Instant to) {
        List<?> rows = Panache.getEntityManager().createNativeQuery("""
                        SELECT i.interaction_id, i.intent, i.channel, i.routing_outcome, i.agent_action, i.novelty,
                            v.verdict, v.estimated_value,
                            (SELECT sum(o.value) FROM outcome o
                             WHERE o.interaction_id = i.interaction_id AND o.outcome = 'WON'),
                            v.note, i.packet #>> '{classification,interaction,subject}',
                            i.packet #>> '{classification,interaction,text}'
                        FROM (SELECT DISTINCT ON (review_item_id) * FROM verdict
                              ORDER BY review_item_id, recorded_at DESC) v
                        JOIN review_item i ON i.id = v.review_item_id
                        WHERE v.recorded_at >= :from AND v.recorded_at < :to""")
                .setParameter("from", from).setParameter("to", to).getResultList();
        return rows.stream().map(row -> {
            Object[] r = (Object[]) row;
            return new ReviewedCase((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    (Double) r[5], Verdict.valueOf((String) r[6]), (Double) r[7], (Double) r[8], (String) r[9],
                    Preview.of((String) r[10], (String) r[11]));
        }).toList();
    }
}
