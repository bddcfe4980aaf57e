package dev.exceptionledger.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/** Keycloak from its distribution on Maven Central, in dev mode, with the suite's realm imported fresh. */
public final class Keycloak implements AutoCloseable {

    public static final String VERSION = "26.5.6";
    public static final int PORT = 8180;
    private static final int MANAGEMENT_PORT = 19000;
    public static final String REALM = "exledger";

    private final Process process;

    private Keycloak(Process process) {
        this.process = process;
    }

    public static String realmUrl() {
        return "http://127.0.0.1:" + PORT + "/realms/" + REALM;
    }

    public static boolean isRunning() {
        return answers(realmUrl() + "/.well-known/openid-configuration");
    }

    public static Keycloak start(Path logFile) throws IOException {
        Path home = DevStackPaths.keycloakHome(VERSION);
        Path kc = home.resolve("bin/kc.sh");
        kc.toFile().setExecutable(true);
        // dev mode skips the import of a realm it already has: start from an empty store so realm.json is the truth
        DevStackPaths.deleteTree(home.resolve("data/h2"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(DevStackPaths.realmFile(), imports.resolve("realm.json"), StandardCopyOption.REPLACE_EXISTING);

        ProcessBuilder builder = new ProcessBuilder(List.of(kc.toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + PORT, "--http-management-port=" + MANAGEMENT_PORT,
                "--import-realm", "--health-enabled=true"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("JAVA_HOME", DevStackPaths.java().getParent().getParent().toString());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        builder.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        Process process = builder.start();
        Keycloak keycloak = new Keycloak(process);
        try {
            Ports.await("Keycloak (log: " + logFile + ")", Duration.ofSeconds(240), Keycloak::isRunning, process);
        } catch (RuntimeException e) {
            keycloak.close();
            throw e;
        }
        return keycloak;
    }

    @Override
    public void close() {
        Ports.stop(process, Duration.ofSeconds(20));
    }

    static boolean answers(String url) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
