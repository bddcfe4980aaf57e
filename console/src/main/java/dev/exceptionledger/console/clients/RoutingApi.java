package dev.exceptionledger.console.clients;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** routing-service (see its README): the routing policy and its versions (its backtest: {@link BacktestApi}). */
@RegisterRestClient(configKey = "routing")
@RegisterProvider(UserToken.class)
@Produces(MediaType.APPLICATION_JSON)
public interface RoutingApi {

    @GET
    @Path("/policy")
    JsonNode policy();

    @GET
    @Path("/policy/versions")
    JsonNode versions();

    @POST
    @Path("/policy/validate")
    @Consumes("application/yaml")
    JsonNode validate(String candidate);
}
