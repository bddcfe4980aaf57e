package dev.exceptionledger.intake.domain;

import java.util.ArrayList;
import java.util.List;

/** One CSV record (RFC 4180: comma-separated, fields may be double-quoted, "" is a quote inside quotes). */
public final class Csv {
    private Csv() { }

    /** The record's fields; throws IllegalArgumentException, with what is wrong, for a malformed record. */
    public static List<String> fields(String record) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = record.length();
        while (true) {
            if (i < n && record.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("a quoted field is not closed: end it with \"");
                    }
                    char c = record.charAt(i++);
                    if (c == '"') {
                        if (i < n && record.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && record.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote at column " + (i + 1)
                            + ": quote the whole field, and double any quote inside it");
                }
            } else {
                while (i < n && record.charAt(i) != ',') {
                    field.append(record.charAt(i++));
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }
}
