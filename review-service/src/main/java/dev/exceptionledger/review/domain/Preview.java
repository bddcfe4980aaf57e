package dev.exceptionledger.review.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** The first words of an interaction, enough to tell queue entries apart. */
public final class Preview {
    private Preview() { }

    public static final int MAX_LENGTH = 140;

    /** The interaction's subject and text from a handoff packet, whitespace collapsed, cut at a word. */
    public static String of(JsonNode packet) {
        JsonNode interaction = packet == null ? null : packet.path("classification").path("interaction");
        if (interaction == null || interaction.isMissingNode()) {
            return "";
        }
        return of(interaction.path("subject").asText(""), interaction.path("text").asText(""));
    }

    public static String of(String subject, String text) {
        String s = subject == null ? "" : subject;
        String t = text == null ? "" : text;
        return cut(s.isBlank() ? t : s + " — " + t);
    }

    static String cut(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.length() <= MAX_LENGTH) {
            return flat;
        }
        int end = flat.lastIndexOf(' ', MAX_LENGTH - 1);
        return flat.substring(0, end > MAX_LENGTH / 2 ? end : MAX_LENGTH - 1) + "…";
    }
}
