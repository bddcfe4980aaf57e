package dev.exceptionledger.console.rest;

import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunnelDaysTest {

    @Test
    void trafficIsLiveImportedOrAllWhateverIsAsked() {
        assertEquals("imported", FunnelResource.traffic("imported"));
        assertEquals("live", FunnelResource.traffic("live"));
        assertEquals("all", FunnelResource.traffic(null));
        assertEquals("all", FunnelResource.traffic("bogus"));
    }

    @Test
    void aRangeOfDaysEndsTodayAndAsksTheLedgerForWholeUtcDays() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        FunnelResource.Days days = FunnelResource.Days.of("7d", null, null);
        assertEquals(today.minusDays(6), days.first());
        assertEquals(today, days.last());
        assertEquals(today.minusDays(6) + "T00:00:00Z", days.fromInstant());
        assertEquals(today.plusDays(1) + "T00:00:00Z", days.toInstant());
        assertTrue(days.bounded());
    }

    @Test
    void everythingHasNoBoundsAndNoDailyChart() {
        FunnelResource.Days days = FunnelResource.Days.of("all", null, null);
        assertNull(days.fromInstant());
        assertFalse(days.bounded());
    }

    @Test
    void aCustomRangeLongerThanTheDailyLimitHasNoDailyChart() {
        assertTrue(FunnelResource.Days.of("custom", "2026-01-01", "2026-01-31").bounded());
        assertFalse(FunnelResource.Days.of("custom", "2026-01-01", "2026-02-01").bounded());
    }

    @Test
    void badRangesAreRefusedSayingWhatToGive() {
        assertEquals("range must be 1d to 31d, all or custom, not '90d'",
                assertThrows(BadRequestException.class, () -> FunnelResource.Days.of("90d", null, null)).getMessage());
        assertEquals("'from' must be a day such as 2026-01-31, not 'yesterday'",
                assertThrows(BadRequestException.class, () -> FunnelResource.Days.of("custom", "yesterday", "2026-01-01"))
                        .getMessage());
        assertEquals("'to' must not be before 'from'",
                assertThrows(BadRequestException.class, () -> FunnelResource.Days.of("custom", "2026-02-01", "2026-01-01"))
                        .getMessage());
    }

    @Test
    void aReviewerFollowsAStageToTheQueueAndComplianceToTheReplay() {
        FunnelResource.Days days = FunnelResource.Days.of("custom", "2026-01-01", "2026-01-02");
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("intent", "erp_integration");
        filters.put("team", null);
        Viewer reviewer = new Viewer("riley", Set.of("reviewer"));
        Viewer compliance = new Viewer("casey", Set.of("compliance"));
        assertEquals("/queue?source=handoff&intent=erp_integration",
                FunnelResource.link("routed.ESCALATED", reviewer, days, filters, null));
        assertEquals("/queue?status=decided&intent=erp_integration",
                FunnelResource.link("reviewed.MISSED_OPPORTUNITY", reviewer, days, filters, null));
        assertNull(FunnelResource.link("rejected", reviewer, days, filters, null));
        assertEquals("/compliance/replay?type=InteractionRejected&from=2026-01-01&to=2026-01-02",
                FunnelResource.link("rejected", compliance, days, filters, null));
        assertNull(FunnelResource.link("routed.ESCALATED", compliance, days, filters, "email"),
                "the replay has no channel filter: no link that would list other channels");
    }
}
