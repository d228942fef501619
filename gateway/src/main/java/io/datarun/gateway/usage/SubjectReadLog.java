package io.datarun.gateway.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of the reads of one subject's record, so that folding a read in copies
 * bytes instead of decoding and re-encoding a list of up to {@value SubjectReads#KEEP} reads as JSON
 * (which the access log's per-read fold spent most of its time on).
 *
 * <p>An <b>entry</b> is the value of one event on {@code datarun._reads}: version byte 1, the read's
 * time (epoch milliseconds, 8 bytes big-endian), then department, user and purpose, each as an
 * unsigned 16-bit byte length and UTF-8 ({@code 0xFFFF}: absent). A <b>log</b> is the store's value:
 * version byte 2, the number of entries (unsigned 16 bits), then each entry after its length (unsigned
 * 16 bits), oldest first. A store value starting with <code>{</code> is the JSON list kept before
 * (changelogs written by older gateways): it is read as it is and turned into a log at its next read.
 */
public final class SubjectReadLog {
    /** No reads yet (an empty array: nothing in it to change). */
    public static final byte[] NONE = new byte[0];
    static final byte ENTRY_VERSION = 1;
    static final byte LOG_VERSION = 2;
    private static final int ABSENT = 0xFFFF;
    private static final int HEADER = 3;
    private static final long NO_TIME = Long.MIN_VALUE;

    private SubjectReadLog() {
    }

    /** The event written to {@code datarun._reads} for a served read. */
    public static byte[] entry(AccessEvent event) {
        byte[] department = utf8(event.department());
        byte[] user = utf8(event.user());
        byte[] purpose = utf8(event.purpose());
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + size(department) + size(user) + size(purpose));
        out.put(ENTRY_VERSION).putLong(event.at() == null ? NO_TIME : event.at().toEpochMilli());
        put(out, department);
        put(out, user);
        put(out, purpose);
        return out.array();
    }

    /** True when {@code bytes} is an entry this version can read. */
    public static boolean isEntry(byte[] bytes) {
        if (bytes == null || bytes.length < 1 + 8 + 6 || bytes.length > 0xFFFF || bytes[0] != ENTRY_VERSION) {
            return false;
        }
        int at = 9;
        for (int i = 0; i < 3; i++) {
            if (at + 2 > bytes.length) {
                return false;
            }
            int length = u16(bytes, at);
            at += 2 + (length == ABSENT ? 0 : length);
        }
        return at == bytes.length;
    }

    /**
     * The log with {@code entry} appended, the oldest reads dropped beyond {@value SubjectReads#KEEP}.
     * {@code log} may be null (no reads yet) or a legacy JSON list; {@code entry} must be {@link #isEntry valid}.
     */
    public static byte[] append(byte[] log, byte[] entry) {
        byte[] current = log == null || log.length == 0 ? null : isLegacy(log) ? fromLegacy(log) : log;
        int count = current == null ? 0 : u16(current, 1);
        int from = HEADER;
        for (int drop = count - SubjectReads.KEEP + 1; drop > 0; drop--) {
            from += 2 + u16(current, from);
            count--;
        }
        int kept = current == null ? 0 : current.length - from;
        byte[] next = new byte[HEADER + kept + 2 + entry.length];
        next[0] = LOG_VERSION;
        putU16(next, 1, count + 1);
        if (kept > 0) {
            System.arraycopy(current, from, next, HEADER, kept);
        }
        putU16(next, HEADER + kept, entry.length);
        System.arraycopy(entry, 0, next, HEADER + kept + 2, entry.length);
        return next;
    }

    /** The reads in a log (or a legacy JSON list), oldest first. */
    public static SubjectReads decode(byte[] log) {
        if (log == null || log.length == 0) {
            return SubjectReads.NONE;
        }
        if (isLegacy(log)) {
            try {
                return JsonSerde.MAPPER.readValue(log, SubjectReads.class);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable legacy subject reads", e);
            }
        }
        ByteBuffer in = ByteBuffer.wrap(log);
        in.get();
        int count = Short.toUnsignedInt(in.getShort());
        List<SubjectReads.Read> reads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            in.getShort(); // the entry's length: its fields delimit themselves
            in.get();
            long millis = in.getLong();
            String department = string(in);
            String user = string(in);
            String purpose = string(in);
            reads.add(new SubjectReads.Read(department, user, purpose, millis == NO_TIME ? null : Instant.ofEpochMilli(millis)));
        }
        return new SubjectReads(List.copyOf(reads));
    }

    private static boolean isLegacy(byte[] log) {
        return log[0] == '{';
    }

    private static byte[] fromLegacy(byte[] json) {
        byte[] log = null;
        for (SubjectReads.Read read : decode(json).reads()) {
            log = append(log, entry(new AccessEvent(null, null, read.department(), read.user(), read.purpose(), read.at())));
        }
        return log;
    }

    private static byte[] utf8(String value) {
        if (value == null) {
            return null;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= ABSENT) {
            throw new IllegalArgumentException("a read's department, user or purpose is longer than " + (ABSENT - 1) + " bytes");
        }
        return bytes;
    }

    private static int size(byte[] value) {
        return 2 + (value == null ? 0 : value.length);
    }

    private static void put(ByteBuffer out, byte[] value) {
        if (value == null) {
            out.putShort((short) ABSENT);
        } else {
            out.putShort((short) value.length).put(value);
        }
    }

    private static String string(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        if (length == ABSENT) {
            return null;
        }
        String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    private static void putU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }
}
