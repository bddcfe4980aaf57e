package dev.exceptionledger.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.console.clients.LedgerApi;
import dev.exceptionledger.console.domain.ContactId;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Compliance (ledger-service, role compliance): an interaction's timeline with the versions behind each decision,
 * the chain's verification, a replay download and a contact's erasure behind a confirmation. The timeline page
 * itself is open to reviewers too, as GET /ledger/interactions/{id} is.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ComplianceResource {

    private final LedgerApi ledger;
    private final Template compliance;
    private final Template interaction;
    private final Template erasure;

    ComplianceResource(@RestClient LedgerApi ledger, @Location("compliance.html") Template compliance,
                       @Location("interaction.html") Template interaction, @Location("erasure.html") Template erasure) {
        this.ledger = ledger;
        this.compliance = compliance;
        this.interaction = interaction;
        this.erasure = erasure;
    }

    @GET
    @Path("compliance")
    @RolesAllowed("compliance")
    public Response compliance(@QueryParam("interactionId") String interactionId, @QueryParam("verify") String verify) {
        if (interactionId != null && !interactionId.isBlank()) {
            return Response.seeOther(URI.create("/interactions/" + interactionId.strip())).build();
        }
        JsonNode verification = verify == null ? null : ledger.verify();
        return Response.ok(compliance.data("verification", Views.of(verification))
                .data("today", LocalDate.now(ZoneOffset.UTC)).render()).build();
    }

    @GET
    @Path("interactions/{interactionId}")
    @RolesAllowed({"compliance", "reviewer"})
    public TemplateInstance interaction(@PathParam("interactionId") String interactionId) {
        return interaction.data("interactionId", interactionId).data("timeline", Views.of(ledger.timeline(interactionId)));
    }

    /** The ledger's replay for whole days (UTC, inclusive), streamed through as an NDJSON download. */
    @GET
    @Path("compliance/replay")
    @RolesAllowed("compliance")
    @Produces("application/x-ndjson")
    public Response replay(@QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("type") String type) {
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        Response upstream = ledger.replay(first == null ? null : first.atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                last == null ? null : last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString(), null,
                type == null || type.isBlank() ? null : type.strip());
        InputStream body = upstream.readEntity(InputStream.class);
        StreamingOutput copy = out -> {
            try (body) {
                body.transferTo(out);
            }
        };
        String name = "ledger-replay" + (first == null ? "" : "-" + first) + (last == null ? "" : "-" + last)
                + (type == null || type.isBlank() ? "" : "-" + type.strip()) + ".ndjson";
        return Response.ok(copy, "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    /** First step of an erasure: what will be erased, and a button to confirm. */
    @POST
    @Path("compliance/erasure")
    @RolesAllowed("compliance")
    public TemplateInstance confirmErasure(@FormParam("contact") String contact) {
        String contactId = ContactId.of(contact);
        return erasure.data("contact", contact.strip()).data("contactId", contactId).data("result", null);
    }

    @POST
    @Path("compliance/erasure/{contactId}")
    @RolesAllowed("compliance")
    public TemplateInstance erase(@PathParam("contactId") String contactId, @FormParam("confirm") String confirm) {
        if (!contactId.equals(confirm)) {
            throw new BadRequestException("type the contact id to confirm the erasure");
        }
        return erasure.data("contact", null).data("contactId", contactId).data("result", Views.of(ledger.erase(contactId)));
    }

    private static LocalDate day(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'" + name + "' must be a day such as 2026-01-31, not '" + value + "'");
        }
    }
}
