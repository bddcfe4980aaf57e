package dev.exceptionledger.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A service's JSON as maps and lists, which templates read by name ({@code item.packet.contact.title}). */
final class Views {
    private Views() { }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Object of(JsonNode json) {
        return json == null || json.isNull() || json.isMissingNode() ? null : MAPPER.convertValue(json, Object.class);
    }
}
