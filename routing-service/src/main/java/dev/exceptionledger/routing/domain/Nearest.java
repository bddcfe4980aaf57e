package dev.exceptionledger.routing.domain;

import dev.exceptionledger.support.StrictJson;

import java.util.Collection;

/** The known name a misspelt one most likely meant, e.g. {@code confidnce} for {@code confidence}. */
final class Nearest {

    private Nearest() { }

    /** "did you mean 'x'? " when one known name is close enough to be a typo of {@code name}, else "". */
    static String hint(String name, Collection<String> known) {
        String nearest = name == null ? null : StrictJson.nearest(name, known);
        return nearest == null ? "" : "did you mean '" + nearest + "'? ";
    }
}
