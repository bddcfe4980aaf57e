package dev.exceptionledger.routing.rest;

import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.routing.domain.InvalidPolicyException;
import dev.exceptionledger.routing.domain.PolicyProblem;
import dev.exceptionledger.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** A policy document with problems, wherever one is sent (validate, activate, backtest): 400 with every problem. */
public class InvalidPolicyMapper {

    /** problem+json whose {@code problems} give each problem's line and path; {@code violations} the same by path. */
    public record PolicyProblems(String type, String title, int status, String detail,
                                 List<PolicyProblem> problems, List<Violation> violations) { }

    @ServerExceptionMapper
    public Response invalid(InvalidPolicyException e) {
        List<PolicyProblem> problems = e.problems();
        return Response.status(Response.Status.BAD_REQUEST).type(Problem.MEDIA_TYPE)
                .entity(new PolicyProblems("https://exceptionledger.dev/problems/invalid-policy", "Bad Request", 400,
                        problems.size() + " problem(s) in the policy document; each names its line and what to "
                                + "change", problems, problems.stream()
                        .map(p -> new Violation(p.path(), "line " + p.line() + ": " + p.message())).toList()))
                .build();
    }
}
