package dev.exceptionledger.routing.rest;

import dev.exceptionledger.routing.ActivePolicy;
import dev.exceptionledger.routing.client.LedgerReplay;
import dev.exceptionledger.routing.domain.Backtest;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import dev.exceptionledger.support.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;

/**
 * What a candidate policy would have done to a period of history, compared with the active policy, without
 * side effects: nothing is published, stored or activated.
 */
@Path("/policy/backtest")
public class BacktestResource {

    /**
     * @param policy   the candidate policy document (YAML)
     * @param from     start of the range (inclusive), by the classifications' occurredAt
     * @param to       end of the range (exclusive)
     * @param maxMoves how many moved interactions, and how many skipped ones, to list (default 20, at most 1000)
     */
    public record BacktestRequest(String policy, Instant from, Instant to, Integer maxMoves) { }

    private final ActivePolicy active;
    private final LedgerReplay ledger;
    private final JsonWebToken token;

    public BacktestResource(ActivePolicy active, LedgerReplay ledger, JsonWebToken token) {
        this.active = active;
        this.ledger = ledger;
        this.token = token;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("policy-admin")
    public Response backtest(BacktestRequest request) {
        if (request == null || request.policy() == null || request.from() == null || request.to() == null) {
            return Problem.of(Response.Status.BAD_REQUEST, "invalid-backtest",
                    "send {\"policy\": \"<YAML document>\", \"from\": \"<ISO instant>\", \"to\": \"<ISO instant>\"}")
                    .toResponse();
        }
        if (!request.from().isBefore(request.to())) {
            return Problem.of(Response.Status.BAD_REQUEST, "invalid-backtest",
                    "from must be before to").toResponse();
        }
        int maxMoves = request.maxMoves() == null ? 20 : Math.max(0, Math.min(1000, request.maxMoves()));
        RoutingPolicy candidate = RoutingPolicy.parse(request.policy());
        RoutingPolicy current = active.get();
        Backtest.Report report = ledger.classified(request.from(), request.to(), token.getRawToken(),
                recorded -> Backtest.run(recorded, current, candidate, maxMoves));
        return Response.ok(report).build();
    }

    @ServerExceptionMapper
    public Response ledgerFailed(LedgerReplay.LedgerException e) {
        return Problem.of(Response.Status.BAD_GATEWAY, "ledger-unavailable", e.getMessage()).toResponse();
    }
}
