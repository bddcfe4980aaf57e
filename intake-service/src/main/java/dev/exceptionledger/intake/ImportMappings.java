package dev.exceptionledger.intake;

import dev.exceptionledger.intake.domain.ImportMapping;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The import mappings by name: those shipped in {@code import-mappings/} and any {@code NAME.yaml} in the directory
 * {@code intake.imports.mapping-dir} (which may replace a shipped one). A broken mapping fails the start.
 */
@ApplicationScoped
@Startup
public class ImportMappings {

    /** Shipped with intake, each with a sample file in the tests. */
    public static final List<String> SHIPPED = List.of("ndjson", "csv", "zendesk-tickets", "intercom-conversations");

    private final Map<String, ImportMapping> byName = new TreeMap<>();

    public ImportMappings(IntakeConfig config) {
        for (String name : SHIPPED) {
            try (InputStream in = getClass().getResourceAsStream("/import-mappings/" + name + ".yaml")) {
                byName.put(name, ImportMapping.read(name, in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Optional<Path> dir = config.imports().mappingDir();
        if (dir.isPresent()) {
            try (Stream<Path> files = Files.list(dir.get())) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                    String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                    try (InputStream in = Files.newInputStream(file)) {
                        byName.put(name, ImportMapping.read(name, in));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("intake.imports.mapping-dir: " + e.getMessage(), e);
            }
        }
    }

    public Optional<ImportMapping> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
