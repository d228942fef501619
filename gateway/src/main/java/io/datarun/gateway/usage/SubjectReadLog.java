package io.datarun.gateway.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of a read, as {@code datarun._reads} carries it and the
 * {@code subject-read-times} store keeps it, one entry per read.
 *
 * <p>An <b>entry</b> is the value of one event on {@code datarun._reads}: version byte 1, the read's
 * time (epoch milliseconds, 8 bytes big-endian), then department, user and purpose, each as an
 * unsigned 16-bit byte length and UTF-8 ({@code 0xFFFF}: absent).
 *
 * <p>A <b>log</b> is what gateways before the {@code subject-read-times} store kept per record in
 * {@code subject-reads} (the latest 200 reads, rewritten whole at every read): version byte 2, the
 * number of entries (unsigned 16 bits), then each entry after its length (unsigned 16 bits), oldest
 * first; or, older still, a JSON list (a value starting with <code>{</code>). Such logs are no longer
 * written, only {@link #decode read}, so that an upgraded gateway still names the readers they hold.
 */
public final class SubjectReadLog {
    static final byte ENTRY_VERSION = 1;
    private static final int ABSENT = 0xFFFF;
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

    /** The read an {@link #isEntry entry} records. */
    public static SubjectReads.Read read(byte[] entry) {
        return readEntry(ByteBuffer.wrap(entry));
    }

    /** When the read an {@link #isEntry entry} records happened, or {@code fallback} when it does not say. */
    public static long timeOf(byte[] entry, long fallback) {
        long millis = ByteBuffer.wrap(entry, 1, 8).getLong();
        return millis == NO_TIME ? fallback : millis;
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
            reads.add(readEntry(in));
        }
        return new SubjectReads(List.copyOf(reads));
    }

    private static SubjectReads.Read readEntry(ByteBuffer in) {
        in.get();
        long millis = in.getLong();
        String department = string(in);
        String user = string(in);
        String purpose = string(in);
        return new SubjectReads.Read(department, user, purpose, millis == NO_TIME ? null : Instant.ofEpochMilli(millis));
    }

    private static boolean isLegacy(byte[] log) {
        return log[0] == '{';
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

}
