package dev.exceptionledger.classifier;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The version of the taxonomy the service ships, read from its document, so that a new version is stated once
 * ({@code TaxonomyTest}) rather than in every test that sees it on a result.
 */
public final class ShippedTaxonomy {
    public static final String VERSION = readVersion();

    private ShippedTaxonomy() { }

    private static String readVersion() {
        try (InputStream in = ShippedTaxonomy.class.getResourceAsStream("/taxonomy/default.json")) {
            return new ObjectMapper().readTree(in).path("version").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
