package io.datarun.connectors.declaration;

import io.datarun.schemas.options.Option;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A drop folder of CSV and XLSX files ({@code kind: file}). A file is read once its size and
 * modification time have not changed for {@code settle}; names ending in {@code .part} or
 * {@code .tmp} and hidden files are never read (write under such a name, then rename). Read files
 * move to {@code done/} in the folder.
 */
@Option.Kind("file")
public record FileSource(
        @Option(description = "the drop folder (relative paths are relative to the runtime's working folder)")
        Path dir,
        @Option(defaultValue = "auto", description = "CSV encoding, e.g. `UTF-8`, `GBK`; `auto` reads UTF-8 when the "
                + "bytes are valid UTF-8, else GBK")
        Optional<Charset> encoding,
        @Option(defaultValue = "5s", description = "a file is read only after its size and modification time stayed the "
                + "same this long")
        Duration settle,
        @Option(description = "XLSX sheet name; the first sheet when not given")
        Optional<String> sheet,
        @Option.Inline
        Polling polling) implements SourceDeclaration {
}
