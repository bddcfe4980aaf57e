package dev.exceptionledger.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A packaged service (its quarkus-run.jar, prod profile) as a process of its own, its output in a temporary log. */
public final class PackagedService {

    private PackagedService() { }

    /**
     * Starts {@code java <javaOptions> -jar <jar>} with {@code environment} added to this process's. The bench's
     * environment variable {@code <NAME>_JAVA_OPTS} (e.g. {@code LEDGER_BENCH_JAVA_OPTS} for the name
     * {@code ledger-bench}) adds options in front, e.g. a JFR recording of the service under the bench's load.
     */
    public static Process start(String name, Path jar, List<String> javaOptions, Map<String, String> environment)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        String extra = System.getenv(name.toUpperCase(Locale.ROOT).replace('-', '_') + "_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Path log = Files.createTempFile(name, ".log");
        System.out.println("service log: " + log);
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until the service whose API is on {@code port} answers its readiness check on its management port,
     * {@code port} + 100 (start it with {@code -Dquarkus.management.port}), or fails if it exits first.
     */
    public static void awaitReady(Process service, int port, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + 100) + "/q/health/ready"))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue() + "; see its log");
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service was not ready within " + timeout + "; see its log");
    }
}
