package dev.exceptionledger.e2e;

import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.Service;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The five packaged services as real processes, started by {@code deploy/local/run} on a real Kafka broker,
 * PostgreSQL and Keycloak: once for all the test classes that use this extension, stopped when the last one is done.
 */
public final class LocalSuite implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        // the root store outlives every test class: the suite starts once and stops when the test run closes it
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalSuite.class, key -> start(), Running.class);
    }

    private static Running start() {
        for (Service service : Service.values()) {
            if (service.isReady()) {
                throw new IllegalStateException(service.module + " is already running on port " + service.port
                        + ": stop the local stack first (deploy/local/run stop)");
            }
        }
        try {
            run("start", 20);
        } catch (IllegalStateException e) {
            // what did start would otherwise keep its ports and the broker's consumer groups for the next run
            run("stop", 3);
            throw e;
        }
        return new Running();
    }

    /** Stops the suite when JUnit closes the root store, at the end of the run. */
    private static final class Running implements AutoCloseable {
        @Override
        public void close() {
            run("stop", 3);
        }
    }

    /** Runs {@code deploy/local/run COMMAND}; its output goes to a log file (surefire's channel is not for children). */
    static void run(String command, int timeoutMinutes) {
        run(timeoutMinutes, command);
    }

    /** Runs {@code deploy/local/run} with these arguments, e.g. {@code start --replicas 2}. */
    static void run(int timeoutMinutes, String... arguments) {
        String command = String.join(" ", arguments);
        try {
            Path log = Files.createDirectories(DevStackPaths.home().resolve("logs"))
                    .resolve("e2e-run-" + String.join("-", arguments).replace("--", "") + ".log");
            List<String> line = new ArrayList<>();
            line.add(DevStackPaths.root().resolve("deploy/local/run").toString());
            line.addAll(List.of(arguments));
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
            String output = Files.readString(log);
            if (!finished) {
                process.destroyForcibly();
                throw new IllegalStateException("deploy/local/run " + command + " timed out:\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("deploy/local/run " + command + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run deploy/local/run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
