package dev.exceptionledger.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where devstack finds what the build prepared (Kafka's jars, Keycloak) and keeps its data and logs. */
public final class DevStackPaths {
    private DevStackPaths() { }

    /** The project's root: {@code -Dexledger.root}, {@code EXLEDGER_ROOT}, or the nearest parent holding devstack/. */
    public static Path root() {
        String configured = System.getProperty("exledger.root", System.getenv("EXLEDGER_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("devstack")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root: set -Dexledger.root or EXLEDGER_ROOT");
    }

    /** Data, logs and pid files of the local stack; not under target/ so a clean build leaves them alone. */
    public static Path home() {
        return root().resolve(".devstack");
    }

    public static Path kafkaLibs() {
        return prepared(root().resolve("devstack/kafka-dist/target/kafka-libs"));
    }

    public static Path keycloakHome(String version) {
        return prepared(root().resolve("devstack/target/keycloak/keycloak-" + version));
    }

    public static Path realmFile() {
        return prepared(root().resolve("deploy/keycloak/realm.json"));
    }

    public static Path java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    private static Path prepared(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build devstack first (mvn -pl devstack -am package)");
        }
        return path;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
