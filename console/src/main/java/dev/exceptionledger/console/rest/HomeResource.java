package dev.exceptionledger.console.rest;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The way in: an anonymous visitor goes to Keycloak's login (quarkus-oidc), a signed-in one to their first page. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomeResource {

    private final Template home;
    private final Template signedOut;

    HomeResource(@Location("home.html") Template home, @Location("signedOut.html") Template signedOut) {
        this.home = home;
        this.signedOut = signedOut;
    }

    @GET
    @Authenticated
    public Response home() {
        Viewer viewer = Viewer.current();
        if (viewer.reviewer() || viewer.compliance()) {
            return Response.seeOther(URI.create("/funnel")).build();
        }
        if (viewer.policyAdmin()) {
            return Response.seeOther(URI.create("/policy")).build();
        }
        return Response.ok(home.instance().render()).build();
    }

    /** Where Keycloak sends the browser back after sign-out (open to everyone: the session is gone). */
    @GET
    @Path("signed-out")
    public TemplateInstance signedOut() {
        return signedOut.instance();
    }
}
