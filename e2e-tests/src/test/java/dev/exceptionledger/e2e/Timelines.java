package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reading an interaction's ledger timeline (GET /ledger/interactions/{id}) in the end-to-end tests. */
final class Timelines {
    private Timelines() { }

    /** The event types in order; none for no timeline yet. */
    static List<String> types(JsonNode timeline) {
        List<String> types = new ArrayList<>();
        if (timeline != null) {
            timeline.path("events").forEach(e -> types.add(e.path("type").asText()));
        }
        return types;
    }

    /** The payload of the first event of this type. */
    static JsonNode payload(JsonNode timeline, String type) {
        for (JsonNode event : timeline.path("events")) {
            if (type.equals(event.path("type").asText())) {
                return event.path("payload");
            }
        }
        throw new AssertionError("no " + type + " in " + timeline);
    }
}
