package dev.exceptionledger.bench.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.DevStackPaths;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.Tokens;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The import's speed on the running suite: writes an NDJSON file of N conversations (the B2B development set's
 * texts over and over, distinct ids per run), posts it
 * to intake's {@code POST /imports}, and measures the upload (the file stored), intake's processing (every line
 * published to Kafka and committed: the rate of lines accepted into Kafka), the pipeline's drain (every accepted line
 * routed, as intake counts the routing decisions), and intake's resident memory throughout, sampled every second.
 * With {@code --live-heap-every 10s} it also samples intake's live heap (in use after a full collection) that often
 * while the file is processed: flat whatever the number of lines when nothing per line or per file is kept.
 * <pre>bench/import-bench [--lines 100000] [--drain 60m] [--live-heap-every 10s] [--report FILE]</pre>
 */
public final class ImportBench {
    private ImportBench() { }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int lines = 100_000;
        Duration drain = Duration.ofMinutes(60);
        Path report = null;
        Duration liveHeapEvery = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lines" -> lines = Integer.parseInt(args[++i]);
                case "--drain" -> drain = Duration.parse("PT" + args[++i].toUpperCase());
                case "--report" -> report = Path.of(args[++i]);
                case "--live-heap-every" -> liveHeapEvery = Duration.parse("PT" + args[++i].toUpperCase());
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path file = Files.createDirectories(DevStackPaths.root().resolve("bench/target")).resolve("import-bench.ndjson");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<ObjectNode> conversations = developmentConversations();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Instant day = Instant.parse("2025-01-01T08:00:00Z");
            for (int i = 1; i <= lines; i++) {
                ObjectNode line = conversations.get(i % conversations.size()).deepCopy();
                line.put("occurredAt", day.plusSeconds(i * 70L).toString());
                line.put("externalId", "bench-" + run + "-" + i);
                out.write(Json.mapper().writeValueAsString(line));
                out.write('\n');
            }
        }
        long bytes = Files.size(file);
        long intakePid = Long.parseLong(Files.readString(DevStackPaths.home().resolve("intake-service.pid")).trim());
        System.out.printf("file: %,d lines, %,d bytes; intake pid %d, RSS %d MB before%n", lines, bytes, intakePid,
                rssMb(intakePid));

        List<Map<String, Object>> liveHeap = new ArrayList<>();
        if (liveHeapEvery != null) {
            liveHeap.add(Map.of("seconds", 0, "processed", 0, "liveHeapMb", liveHeapMb(intakePid)));
        }
        Instant posted = Instant.now();
        Instant liveHeapAt = posted;
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Service.INTAKE.url("/imports?mapping=ndjson")))
                .header("Authorization", "Bearer " + Tokens.forRole("intake")).header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        Instant stored = Instant.now();
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /imports: " + response.statusCode() + " " + response.body());
        }
        String importId = Json.read(response.body(), JsonNode.class).path("importId").asText();
        System.out.printf("stored in %.1f s (%s)%n", seconds(posted, stored), importId);

        List<Map<String, Object>> samples = new ArrayList<>();
        long peakImport = 0;
        JsonNode status;
        Instant processedAt = null;
        Instant routedAt = null;
        String token = Tokens.forRole("intake");
        Instant tokenAt = Instant.now();
        while (true) {
            if (Duration.between(tokenAt, Instant.now()).toSeconds() > 60) {
                token = Tokens.forRole("intake");
                tokenAt = Instant.now();
            }
            status = Json.read(HTTP.send(HttpRequest.newBuilder(URI.create(Service.INTAKE.url("/imports/" + importId)))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body(),
                    JsonNode.class);
            long rss = rssMb(intakePid);
            Instant now = Instant.now();
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("seconds", Math.round(seconds(posted, now) * 10) / 10.0);
            sample.put("processed", status.path("processed").asLong());
            sample.put("routed", status.path("routed").asLong());
            sample.put("intakeRssMb", rss);
            samples.add(sample);
            if (processedAt == null) {
                peakImport = Math.max(peakImport, rss);
                if (liveHeapEvery != null && Duration.between(liveHeapAt, now).compareTo(liveHeapEvery) >= 0) {
                    liveHeapAt = now;
                    liveHeap.add(Map.of("seconds", Math.round(seconds(posted, now)), "processed",
                            status.path("processed").asLong(), "liveHeapMb", liveHeapMb(intakePid)));
                }
                if (!status.path("status").asText().equals("RUNNING")) {
                    processedAt = now;
                    System.out.printf("%n%s after %.1f s: %s%n", status.path("status").asText(), seconds(posted, now), status);
                }
            }
            if (processedAt != null && status.path("routed").asLong() >= status.path("accepted").asLong()) {
                routedAt = now;
                break;
            }
            if (processedAt != null && Duration.between(processedAt, now).compareTo(drain) > 0) {
                break;
            }
            System.out.printf("\r%6.0f s  processed %,d  routed %,d  intake RSS %d MB   ", seconds(posted, now),
                    status.path("processed").asLong(), status.path("routed").asLong(), rss);
            Thread.sleep(1000);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("lines", lines);
        result.put("bytes", bytes);
        result.put("accepted", status.path("accepted").asLong());
        result.put("rejected", status.path("rejected").asLong());
        result.put("uploadSeconds", seconds(posted, stored));
        result.put("processSeconds", seconds(stored, processedAt));
        result.put("linesPerSecondIntoKafka", lines / seconds(stored, processedAt));
        result.put("linesPerSecondIncludingUpload", lines / seconds(posted, processedAt));
        result.put("routed", status.path("routed").asLong());
        result.put("drainSecondsAfterImport", routedAt == null ? null : seconds(processedAt, routedAt));
        result.put("pipelineSecondsFromPost", routedAt == null ? null : seconds(posted, routedAt));
        result.put("intakePeakRssDuringImportMb", peakImport);
        if (liveHeapEvery != null) {
            liveHeap.add(Map.of("seconds", Math.round(seconds(posted, Instant.now())), "processed",
                    status.path("processed").asLong(), "liveHeapMb", liveHeapMb(intakePid)));
            result.put("intakeLiveHeap", liveHeap);
            System.out.printf("intake's live heap (MB after a full GC) by lines processed: %s%n", liveHeap);
        }
        result.put("samples", samples);
        System.out.printf("%n%nupload %.1f s; into Kafka %.1f s = %,.0f lines/s (%,.0f with the upload); routed %,d of %,d%s;"
                        + " intake peak RSS while importing %d MB%n", seconds(posted, stored), seconds(stored, processedAt),
                lines / seconds(stored, processedAt), lines / seconds(posted, processedAt), status.path("routed").asLong(),
                status.path("accepted").asLong(), routedAt == null ? " (drain limit reached)"
                        : String.format(", drained %.0f s after the import (%.0f s from the POST)", seconds(processedAt, routedAt),
                        seconds(posted, routedAt)), peakImport);
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            System.out.println("report: " + report);
        }
    }

    /**
     * The B2B development set's interactions (train and calibration; never val), as varied as real traffic: the
     * classifier meets hundreds of distinct texts, not a handful it has cached.
     */
    private static List<ObjectNode> developmentConversations() throws IOException {
        List<ObjectNode> conversations = new ArrayList<>();
        for (String split : List.of("train", "calibration")) {
            for (String line : Files.readAllLines(DevStackPaths.root().resolve("datasets/b2b/" + split + ".jsonl"))) {
                if (!line.isBlank()) {
                    conversations.add((ObjectNode) Json.read(line, JsonNode.class).path("interaction"));
                }
            }
        }
        return conversations;
    }

    /**
     * The heap in use right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}): what the
     * process holds on to, unlike RSS, which grows until the heap reaches its cap whatever is live.
     */
    private static long liveHeapMb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long usedKb = 0;
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            Matcher used = HEAP_USED.matcher(line);
            if (used.find()) {
                usedKb += Long.parseLong(used.group(1));
            }
        }
        return usedKb / 1024;
    }

    /** The generations' or the heap's "total …K, used …K" lines (not Metaspace's, which says "used" too). */
    private static final Pattern HEAP_USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + ": " + out);
        }
        return out;
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
