package dev.exceptionledger.intake.domain;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an import file record by record, never holding more than one record: NDJSON is one record per line; CSV
 * is one record per line too, except that a quoted field may span lines (RFC 4180). Blank lines are skipped but
 * counted, so a record's line number is where it starts in the file, as an editor shows it.
 */
public final class ImportRecords {

    /** A record larger than this is not kept: it becomes a body-too-large rejection, like an HTTP body. */
    public static final int MAX_RECORD_BYTES = InteractionValidator.MAX_BODY_BYTES;

    /**
     * @param line  where the record starts (from 1)
     * @param data  its bytes without the line end, or null if it had more than {@link #MAX_RECORD_BYTES}
     * @param bytes its size
     */
    public record FileRecord(long line, byte[] data, long bytes) {
        public boolean tooLarge() {
            return data == null;
        }
    }

    private final InputStream in;
    private final boolean csv;
    private long line = 1;

    public ImportRecords(InputStream in, boolean csv) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.csv = csv;
    }

    /** The next non-blank record, or null at the end of the file. */
    public FileRecord next() throws IOException {
        while (true) {
            long start = line;
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            long size = 0;
            boolean quoted = false;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    line++;
                    if (!quoted) {
                        break;
                    }
                }
                if (csv && b == '"') {
                    quoted = !quoted;
                }
                size++;
                if (size <= MAX_RECORD_BYTES) {
                    record.write(b);
                }
            }
            if (b == -1 && size == 0) {
                return null;
            }
            byte[] data = record.toByteArray();
            int end = data.length;
            if (end > 0 && data[end - 1] == '\r' && size <= MAX_RECORD_BYTES) {
                end--;
                size--;
            }
            if (size > MAX_RECORD_BYTES) {
                return new FileRecord(start, null, size);
            }
            if (isBlank(data, end)) {
                continue;
            }
            return new FileRecord(start, end == data.length ? data : java.util.Arrays.copyOf(data, end), size);
        }
    }

    private static boolean isBlank(byte[] data, int end) {
        for (int i = 0; i < end; i++) {
            if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
