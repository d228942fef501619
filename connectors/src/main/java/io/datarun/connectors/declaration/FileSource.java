package io.datarun.connectors.declaration;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A drop folder of CSV and XLSX files. A file is read once its size and modification time have not
 * changed for {@code settle}; names ending in {@code .part} or {@code .tmp} and hidden files are never
 * read (write under such a name, then rename). Read files move to {@code done/} in the folder.
 *
 * @param encoding the CSV encoding; empty: UTF-8 when the bytes are valid UTF-8, else GBK
 * @param sheet the XLSX sheet to read; empty: the first one
 */
public record FileSource(
        Path dir,
        Optional<Charset> encoding,
        Duration settle,
        Optional<String> sheet,
        int batchSize,
        Duration pollInterval,
        ZoneId zone) implements SourceDeclaration {

    @Override
    public String kind() {
        return "file";
    }
}
