package dev.exceptionledger.routing;

import dev.exceptionledger.routing.domain.RoutingPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Policy documents for tests: the shipped default (deploy/policy/default.yaml) and small variations. */
public final class Policies {

    /** A last rule escalating what no other rule decides, to end {@link #withRules}' rules with. */
    public static final String ESCALATE_DEFAULT = """
              - id: default
                default: true
                then: ESCALATE
                team: $intent
                priority: P3
            """;

    /** The shipped default's version: stated once, in RoutingPolicyTest, and read from the document elsewhere. */
    public static final String SHIPPED_VERSION = shippedDefault().version();

    private Policies() { }

    public static String shippedDefaultDocument() {
        try (InputStream in = Policies.class.getClassLoader().getResourceAsStream("policy/default.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RoutingPolicy shippedDefault() {
        return RoutingPolicy.parse(shippedDefaultDocument());
    }

    /**
     * A document with the default's header (line 1-11) and the given rules, indented as list items of `rules:`: the
     * first rule starts on line 12.
     */
    public static String withRules(String version, String rules) {
        return "version: " + version + "\n"
                + "defaultTeam: support\n"
                + "highValueMin: 0.5\n"
                + "sla:\n"
                + "  P1: PT1H\n"
                + "  P2: PT4H\n"
                + "  P3: PT24H\n"
                + "discard:\n"
                + "  intents: [spam]\n"
                + "  minConfidence: 0.9\n"
                + "rules:\n"
                + rules;
    }

    /** The default's rules with another version: activating it changes nothing but the version decisions cite. */
    public static String shippedDefaultAs(String version) {
        return shippedDefaultDocument().replaceFirst("(?m)^version: .*$", "version: " + version);
    }
}
