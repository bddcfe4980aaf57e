package dev.exceptionledger.review.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.review.domain.NotFoundException;
import dev.exceptionledger.review.domain.QueueQuery;
import dev.exceptionledger.review.messaging.AuditSampling;
import dev.exceptionledger.review.persistence.AuditRun;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The audit of the audit: every sampling run, and a way to start one now besides the cron. */
@Path("/audit-runs")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditSampling sampling;

    AuditResource(AuditSampling sampling) {
        this.sampling = sampling;
    }

    public record RunView(UUID id, String trigger, Instant windowFrom, Instant windowTo, double rate, long seed,
                          int population, int picked, int novelPicked, JsonNode strata, Instant startedAt,
                          Instant completedAt, UUID eventId) {
        static RunView of(AuditRun r) {
            return new RunView(r.id, r.trigger, r.windowFrom, r.windowTo, r.rate, r.seed, r.population, r.picked,
                    r.novelPicked, r.strata, r.startedAt, r.completedAt, r.eventId);
        }
    }

    public record RunPage(List<RunView> items, int page, int size, long total) { }

    /** Runs the sampling now over what was routed since the last run; 201 once every fact was acknowledged. */
    @POST
    @RolesAllowed("reviewer")
    public Response run() {
        AuditRun run;
        try {
            run = sampling.run("manual");
        } catch (RuntimeException e) {
            throw new ServiceUnavailableException("the audit run was not recorded: " + e.getMessage()
                    + "; nothing was queued, retry later");
        }
        return Response.status(Response.Status.CREATED).entity(RunView.of(run)).build();
    }

    /** The runs, the latest first. */
    @GET
    @RolesAllowed({"reviewer", "compliance"})
    public RunPage list(@QueryParam("page") String page, @QueryParam("size") String size) {
        QueueQuery paging = QueueQuery.parse(null, null, page, size);
        PanacheQuery<AuditRun> runs = AuditRun.findAll(Sort.descending("windowTo")).page(paging.page(), paging.size());
        return new RunPage(runs.list().stream().map(RunView::of).toList(), paging.page(), paging.size(), runs.count());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"reviewer", "compliance"})
    public RunView get(@PathParam("id") String id) {
        AuditRun run;
        try {
            run = AuditRun.findById(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no audit run " + id + ": run ids are UUIDs");
        }
        if (run == null) {
            throw new NotFoundException("no audit run " + id);
        }
        return RunView.of(run);
    }
}
