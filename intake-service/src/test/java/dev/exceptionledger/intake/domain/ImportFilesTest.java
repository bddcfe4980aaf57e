package dev.exceptionledger.intake.domain;

import dev.exceptionledger.intake.ImportMappings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading import files record by record, CSV records, and mapping files. */
class ImportFilesTest {

    private static List<ImportRecords.FileRecord> records(String file, boolean csv) throws IOException {
        ImportRecords reader = new ImportRecords(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), csv);
        List<ImportRecords.FileRecord> records = new ArrayList<>();
        for (ImportRecords.FileRecord r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }

    private static String text(ImportRecords.FileRecord record) {
        return new String(record.data(), StandardCharsets.UTF_8);
    }

    @Test
    void numbersRecordsByTheLineTheyStartOnSkippingBlankLinesAndLineEnds() throws IOException {
        List<ImportRecords.FileRecord> records = records("a\r\n\n  \nb\nc", false);
        assertEquals(List.of(1L, 4L, 5L), records.stream().map(ImportRecords.FileRecord::line).toList());
        assertEquals(List.of("a", "b", "c"), records.stream().map(ImportFilesTest::text).toList());
    }

    @Test
    void keepsAQuotedCsvLineBreakInsideItsRecord() throws IOException {
        List<ImportRecords.FileRecord> records = records("h1,h2\n\"two\nlines\",x\nnext,y\n", true);
        assertEquals(List.of(1L, 2L, 4L), records.stream().map(ImportRecords.FileRecord::line).toList());
        assertEquals("\"two\nlines\",x", text(records.get(1)));
    }

    @Test
    void marksARecordOverTheLimitWithoutKeepingIt() throws IOException {
        String big = "x".repeat(ImportRecords.MAX_RECORD_BYTES + 10);
        List<ImportRecords.FileRecord> records = records("small\n" + big + "\nafter\n", false);
        assertTrue(records.get(1).tooLarge());
        assertEquals(ImportRecords.MAX_RECORD_BYTES + 10, records.get(1).bytes());
        assertEquals("after", text(records.get(2)));
    }

    @Test
    void readsCsvFieldsWithQuotesCommasAndEmptyOnes() {
        assertEquals(List.of("a", "b, c", "say \"hi\"", ""), Csv.fields("a,\"b, c\",\"say \"\"hi\"\"\","));
        assertEquals(List.of(""), Csv.fields(""));
        assertThrows(IllegalArgumentException.class, () -> Csv.fields("\"open"));
        assertThrows(IllegalArgumentException.class, () -> Csv.fields("\"a\"b,c"));
    }

    @Test
    void makesHtmlPlain() {
        assertEquals("Hello & welcome\nsecond <line>", ImportMapping.plainText("<p>Hello &amp; welcome</p><p>second &lt;line&gt;</p>"));
    }

    @Test
    void loadsEveryShippedMapping() throws IOException {
        for (String name : ImportMappings.SHIPPED) {
            try (InputStream in = getClass().getResourceAsStream("/import-mappings/" + name + ".yaml")) {
                assertEquals(name, ImportMapping.read(name, in).name());
            }
        }
    }

    @Test
    void refusesAMappingWithoutTheOriginalTimeOrWithAnUnknownTarget() {
        IllegalArgumentException noTime = assertThrows(IllegalArgumentException.class, () -> ImportMapping.read("m",
                yaml("format: ndjson\nfields:\n  text: body\n")));
        assertTrue(noTime.getMessage().contains("occurredAt"), noTime.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ImportMapping.read("m",
                yaml("format: ndjson\nfields:\n  occurredAt: t\n  priority: p\n")));
        assertTrue(unknown.getMessage().contains("priority"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImportMapping.read("m", yaml("format: xml\nfields: {}\n")));
    }

    @Test
    void mapsWithDefaultsButInventsNoAgentDecision() throws IOException {
        ImportMapping mapping = ImportMapping.read("m", yaml("""
                format: ndjson
                fields:
                  occurredAt: {from: at, time: epoch-millis}
                  text: body
                  channel: {from: via, map: {web: web_form}, default: chat}
                  agentDecision.label: {from: tag, default: untagged}
                """));
        ImportMapping.Mapped mapped = mapping.map("{\"at\":1000,\"body\":\"hi\",\"via\":\"web\"}"
                .getBytes(StandardCharsets.UTF_8), null);
        ImportMapping.Mapped.Ok ok = assertInstanceOf(ImportMapping.Mapped.Ok.class, mapped);
        assertEquals("{\"text\":\"hi\",\"channel\":\"web_form\"}", new String(ok.interaction(), StandardCharsets.UTF_8));
        assertEquals(1000, ok.occurredAt().toEpochMilli());
        assertNull(ok.externalId());
        ImportMapping.Mapped.Failed failed = assertInstanceOf(ImportMapping.Mapped.Failed.class,
                mapping.map("{\"at\":\"soon\",\"body\":\"hi\"}".getBytes(StandardCharsets.UTF_8), null));
        assertEquals("at", failed.rejection().violations().get(0).field());
    }

    private static InputStream yaml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
