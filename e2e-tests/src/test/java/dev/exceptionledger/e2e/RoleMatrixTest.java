package dev.exceptionledger.e2e;

import dev.exceptionledger.devstack.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of every service's OpenAPI document × {no token, each role}, against the rule table
 * {@code access-rules.txt}, with real Keycloak tokens on the running suite (see {@link LocalSuite}).
 */
@ExtendWith(LocalSuite.class)
class RoleMatrixTest {

    /** Answers that a request can get before it reaches the operation: they would not prove it was authorized. */
    private static final Set<Integer> NOT_REACHED = Set.of(401, 403, 404, 405, 406, 415);

    @Test
    void everyOperationHasARuleAndEveryRuleAnOperation() {
        List<Api.Operation> operations = Api.operations(Tokens.forRole("reviewer"));
        Map<String, Api.Rule> rules = Api.rules();
        Set<String> listed = new LinkedHashSet<>();
        operations.forEach(o -> listed.add(o.key()));

        Set<String> withoutRule = new LinkedHashSet<>(listed);
        withoutRule.removeAll(rules.keySet());
        Set<String> withoutOperation = new LinkedHashSet<>(rules.keySet());
        withoutOperation.removeAll(listed);

        assertTrue(withoutRule.isEmpty(), "operations without a rule in access-rules.txt: " + withoutRule);
        assertTrue(withoutOperation.isEmpty(), "rules in access-rules.txt for operations no service lists: "
                + withoutOperation);
    }

    @Test
    void everyOperationAdmitsExactlyTheRolesOfItsRule() {
        Map<String, String> tokens = new LinkedHashMap<>();
        Api.ROLES.forEach(role -> tokens.put(role, Tokens.forRole(role)));
        List<Api.Operation> operations = Api.operations(tokens.get("reviewer"));
        Map<String, Api.Rule> rules = Api.rules();

        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Api.Operation operation : operations) {
            Api.Rule rule = rules.get(operation.key());
            if (rule == null) {
                continue; // reported by everyOperationHasARuleAndEveryRuleAnOperation
            }
            HttpResponse<String> anonymous = Api.probe(operation, rule, null);
            checked++;
            if (anonymous.statusCode() != 401) {
                failures.add(operation.key() + " without a token: " + anonymous.statusCode() + ", expected 401");
            }
            for (String role : Api.ROLES) {
                HttpResponse<String> response = Api.probe(operation, rule, tokens.get(role));
                checked++;
                int status = response.statusCode();
                if (!rule.roles().contains(role) && status != 403) {
                    failures.add(operation.key() + " as " + role + ": " + status + ", expected 403");
                } else if (rule.roles().contains(role) && (NOT_REACHED.contains(status)
                        && !answeredByOperation(operation, response) || status >= 500)) {
                    failures.add(operation.key() + " as " + role + " (allowed): " + status + " " + response.body());
                }
            }
        }
        System.out.printf("role matrix: %d operations × %d callers = %d checks%n", operations.size(),
                Api.ROLES.size() + 1, checked);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(operations.size() * (Api.ROLES.size() + 1), checked, "every operation has a rule");
    }

    /**
     * A 404 for the probe's unknown id is the operation's own answer, not the router's: the services answer it as
     * problem+json naming the id, while an unmatched path gets a bare 404 (and would get it for every role). A 415
     * from an operation that consumes any media type is its own too (intake's POST /imports takes the request to say
     * which types it reads): the router refuses no type for it.
     */
    private static boolean answeredByOperation(Api.Operation operation, HttpResponse<String> response) {
        boolean problem = response.headers().firstValue("Content-Type").orElse("").contains("problem+json");
        boolean anyType = operation.requestType() != null && operation.requestType().contains("*");
        return problem && (response.statusCode() == 404 && response.body().contains("probe-")
                || response.statusCode() == 415 && anyType);
    }
}
