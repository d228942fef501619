package io.datarun.connectors.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads CSV (RFC 4180: comma-separated, double quotes, quoted line breaks) in a declared encoding or,
 * without one, UTF-8 when the bytes are valid UTF-8 and GBK otherwise — spreadsheets saved by
 * Chinese Excel and WPS are usually GBK. A UTF-8 byte order mark is dropped.
 */
public final class CsvFiles {
    public static final Charset GBK = Charset.forName("GBK");

    private CsvFiles() {
    }

    public static Sheet read(byte[] bytes, Optional<Charset> declared) {
        String text = decode(bytes, declared);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        parse(text, lines, numbers);
        return Sheet.of(lines, numbers);
    }

    /** The encoding used for {@code bytes}: the declared one, else UTF-8 if valid, else GBK. */
    public static Charset detect(byte[] bytes, Optional<Charset> declared) {
        if (declared.isPresent()) {
            return declared.get();
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return GBK;
        }
    }

    static String decode(byte[] bytes, Optional<Charset> declared) {
        return new String(bytes, detect(bytes, declared));
    }

    private static void parse(String text, List<List<String>> lines, List<Integer> numbers) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int start = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
                any = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                lines.add(cells);
                numbers.add(start);
                cells = new ArrayList<>();
                cell.setLength(0);
                any = false;
                line++;
                start = line;
            } else {
                cell.append(c);
                any = true;
            }
        }
        if (any || !cell.isEmpty()) {
            cells.add(cell.toString());
            lines.add(cells);
            numbers.add(start);
        }
    }
}
