package dev.exceptionledger.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The project's checkout: where the overlays are, and the checks built from its code. */
public record Project(Path root) {

    private static final Pattern TOPIC = Pattern.compile("public static final String \\w+\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CREATE_SECRET = Pattern.compile("kubectl\\s+(?:-n\\s+\\S+\\s+)?create\\s+secret\\s+\\S+\\s+([a-z0-9.-]+)");

    /** The checkout around the working directory (Maven runs tests in the module's directory). */
    public static Project locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/k8s/base/kustomization.yaml"))) {
                return new Project(dir);
            }
        }
        throw new IllegalStateException("no deploy/k8s/base above " + Path.of("").toAbsolutePath());
    }

    public Path overlay(String name) {
        return root.resolve("deploy/k8s/overlays").resolve(name);
    }

    /** Every topic name of contracts' Topics, read from its source (so a new topic counts before contracts is built). */
    public List<String> topics() {
        return TOPIC.matcher(read(root.resolve("contracts/src/main/java/dev/exceptionledger/contracts/Topics.java")))
                .results().map(m -> m.group(1)).toList();
    }

    /** The Secrets deploy/README.md tells the platform team to create ({@code kubectl create secret <type> NAME}). */
    public Set<String> documentedSecrets() {
        Set<String> names = new TreeSet<>();
        CREATE_SECRET.matcher(read(root.resolve("deploy/README.md"))).results().forEach(m -> names.add(m.group(1)));
        return names;
    }

    public ManifestChecks checks(boolean autoscaled) {
        try {
            JsonNode realm = new ObjectMapper().readTree(root.resolve("deploy/keycloak/realm.json").toFile());
            return new ManifestChecks(ServiceModel.readAll(root), topics(), realm, documentedSecrets(), autoscaled);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
