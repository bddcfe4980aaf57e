package dev.exceptionledger.classifier;

import dev.exceptionledger.classifier.domain.Taxonomy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The taxonomy the service ships, as packaged, and its version, so that a new version is stated once
 * ({@code TaxonomyTest}) rather than in every test that sees it on a result.
 */
public final class ShippedTaxonomy {
    public static final String VERSION = read().version();

    private ShippedTaxonomy() { }

    public static Taxonomy read() {
        try (InputStream in = ShippedTaxonomy.class.getResourceAsStream("/taxonomy/default.json")) {
            return Taxonomy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
