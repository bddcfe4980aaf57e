package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;

/** The review queue's open items, every page of it: other tests' escalations stay open, nearest deadlines first. */
final class OpenReviews {
    private OpenReviews() { }

    /** The open review item of an interaction, or null when there is none (yet). */
    static JsonNode itemFor(SuiteClient client, String interactionId) {
        for (int page = 0; ; page++) {
            SuiteClient.Reply reply = client.get(Service.REVIEW, "/reviews?status=open&size=200&page=" + page,
                    "reviewer");
            JsonNode items = reply.json().path("items");
            if (items.isEmpty()) {
                return null;
            }
            for (JsonNode item : items) {
                if (interactionId.equals(item.path("interactionId").asText())) {
                    return item;
                }
            }
        }
    }
}
