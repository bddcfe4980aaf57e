package dev.exceptionledger.console.rest;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateGlobal;
import io.quarkus.security.identity.SecurityIdentity;

import java.util.Set;
import java.util.TreeSet;

/** Who is signed in, for every template ({@code viewer}): the navigation offers only the pages their roles open. */
@TemplateData
public record Viewer(String name, Set<String> roles) {

    @TemplateGlobal(name = "viewer")
    static Viewer current() {
        SecurityIdentity identity = Arc.container().instance(SecurityIdentity.class).get();
        if (identity == null || identity.isAnonymous()) {
            return new Viewer(null, Set.of());
        }
        return new Viewer(identity.getPrincipal().getName(), new TreeSet<>(identity.getRoles()));
    }

    public boolean signedIn() {
        return name != null;
    }

    public boolean reviewer() {
        return roles.contains("reviewer");
    }

    public boolean compliance() {
        return roles.contains("compliance");
    }

    public boolean policyAdmin() {
        return roles.contains("policy-admin");
    }

    public String roleList() {
        return roles.stream().filter(r -> Set.of("intake", "reviewer", "compliance", "policy-admin").contains(r))
                .reduce((a, b) -> a + ", " + b).orElse("none of the suite's roles");
    }
}
