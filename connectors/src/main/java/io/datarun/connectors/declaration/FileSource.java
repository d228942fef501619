package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
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
 *
 * <p>With {@code fullExport: true} every file is the whole roll: it is published in one transaction
 * together with tombstones for the subjects this connector published before that the file lacks,
 * unless those would be more than {@code maxDeleteShare} of them (an empty or truncated export).
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
        @Option(defaultValue = "false", description = "`true`: every file is a full export, the whole roll. It is "
                + "published in one transaction with tombstones for the subjects this connector published before and "
                + "the file lacks — see [full exports](#full-exports-fullexport-true)")
        boolean fullExport,
        @Option(defaultValue = "0.1", description = "with `fullExport`: the largest share (0–1) of the subjects this "
                + "connector published that one export may delete; an export that would delete more (empty, truncated, "
                + "the wrong file) is published without its deletions, which are reported")
        double maxDeleteShare,
        @Option.Inline
        Polling polling) implements SourceDeclaration {

    public FileSource {
        if (!(maxDeleteShare >= 0 && maxDeleteShare <= 1)) {
            throw new InvalidOption("maxDeleteShare", "expected a share between 0 and 1 (0.1 = 10%), found " + maxDeleteShare);
        }
    }

    /** A drop folder of incremental files (no full-export deletions). */
    public FileSource(Path dir, Optional<Charset> encoding, Duration settle, Optional<String> sheet, Polling polling) {
        this(dir, encoding, settle, sheet, false, 0.1, polling);
    }
}
