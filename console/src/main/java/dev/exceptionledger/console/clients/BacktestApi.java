package dev.exceptionledger.console.clients;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * routing-service's backtest, a client of its own for its own read timeout: it replays every classification of the
 * chosen days (about 6,000 a second warm; a busy day takes longer than the 30 s the console gives other calls).
 */
@RegisterRestClient(configKey = "backtest")
@RegisterProvider(UserToken.class)
@Produces(MediaType.APPLICATION_JSON)
public interface BacktestApi {

    /** Body {@code {policy, from, to, maxMoves}}: the active policy and the candidate over recorded classifications. */
    @POST
    @Path("/policy/backtest")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode backtest(JsonNode request);
}
