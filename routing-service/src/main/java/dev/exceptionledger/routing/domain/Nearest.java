package dev.exceptionledger.routing.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/** The known name a misspelt one most likely meant, e.g. {@code confidnce} for {@code confidence}. */
final class Nearest {

    private Nearest() { }

    /** "did you mean 'x'? " when one known name is close enough to be a typo of {@code name}, else "". */
    static String hint(String name, Collection<String> known) {
        if (name == null) {
            return "";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> distance(lower, k.toLowerCase(Locale.ROOT)) <= Math.max(1, Math.min(2, k.length() / 3)))
                .min(Comparator.comparingInt((String k) -> distance(lower, k.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .map(k -> "did you mean '" + k + "'? ").orElse("");
    }

    /** Edits (insert, delete, replace, swap of neighbours) from a to b. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
