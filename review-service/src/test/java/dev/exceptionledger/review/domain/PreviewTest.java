package dev.exceptionledger.review.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class PreviewTest {

    @Test
    void joinsSubjectAndTextOnOneLine() {
        assertThat(Preview.of(packet("ERP", "Do you\n\n integrate   with SAP?")), is("ERP — Do you integrate with SAP?"));
    }

    @Test
    void usesTheTextAloneWithoutASubject() {
        assertThat(Preview.of(packet(null, "Hello there")), is("Hello there"));
    }

    @Test
    void cutsLongTextAtAWord() {
        String preview = Preview.of(packet(null, "word ".repeat(100)));
        assertThat(preview.length(), lessThanOrEqualTo(Preview.MAX_LENGTH));
        assertThat(preview, endsWith("word…"));
    }

    @Test
    void isEmptyWithoutAnInteraction() {
        assertThat(Preview.of(Json.tree(Map.of("team", "sales"))), is(""));
    }

    private static JsonNode packet(String subject, String text) {
        Map<String, Object> interaction = subject == null ? Map.of("text", text) : Map.of("subject", subject, "text", text);
        return Json.tree(Map.of("classification", Map.of("interaction", interaction)));
    }
}
