package io.datarun.connectors.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.ConnectorDeclarationException;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.declaration.FileSource;
import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.declaration.Placeholders;
import io.datarun.connectors.file.FileDropSource;
import io.datarun.connectors.file.Sheet;
import io.datarun.connectors.file.Spreadsheets;
import io.datarun.connectors.jdbc.DataSources;
import io.datarun.connectors.jdbc.IncrementalQuery;
import io.datarun.connectors.jdbc.SourcePosition;
import io.datarun.connectors.jdbc.SourceRows;
import io.datarun.connectors.plugins.Plugins;
import io.datarun.connectors.runtime.Sources;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.intake.ValueCoercion;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.validation.Violation;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;

/**
 * {@code ./datarun connector test <declaration.yaml> [--sample <file>] [--limit N]}: runs a
 * declaration's mapping and validation on sample rows (CSV, XLSX or JSON lines) or on the first
 * {@code N} rows of its declared source, without Kafka, and prints each mapped record as JSON
 * (resident ID numbers masked), each rejection (row, field, code, message) and a summary.
 * Exit code 0 when the run worked (rejections included), 2 for a declaration or usage error,
 * 1 when the source cannot be read.
 */
public final class DryRun {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int DECLARATION_ERROR = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "usage: datarun connector test <declaration.yaml> [--sample <file.csv|.xlsx|.jsonl>] [--limit N]"
            + " [--plugins <dir>]";
    /** The runtime's key for the plugins folder, read as a system property or as its environment variable. */
    private static final String PLUGINS_KEY = "datarun.connectors.plugins-dir";

    private final PrintStream out;
    private final PrintStream err;

    public DryRun(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** What a dry run found; {@code rejectedByCode} counts each violation code once per row. */
    public record Summary(int rows, int accepted, int rejected, Map<String, Integer> rejectedByCode) {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new DryRun(out, err).run(args));
    }

    /** Runs with command-line arguments; returns the exit code. */
    public int run(String... args) {
        Path declarationFile = null;
        Path sample = null;
        Optional<Path> pluginsDir = Optional.ofNullable(System.getProperty(PLUGINS_KEY,
                System.getenv("DATARUN_CONNECTORS_PLUGINS_DIR"))).filter(d -> !d.isBlank()).map(Path::of);
        int limit = 20;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--sample" -> sample = Path.of(args[++i]);
                    case "--limit" -> limit = Integer.parseInt(args[++i]);
                    case "--plugins" -> pluginsDir = Optional.of(Path.of(args[++i]));
                    default -> {
                        if (args[i].startsWith("--") || declarationFile != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        declarationFile = Path.of(args[i]);
                    }
                }
            }
            if (declarationFile == null || limit < 1) {
                throw new IllegalArgumentException("expected a declaration file and a positive --limit");
            }
        } catch (RuntimeException e) {
            err.println(e.getMessage() == null ? e.toString() : e.getMessage());
            err.println(USAGE);
            return DECLARATION_ERROR;
        }
        ConnectorDeclaration declaration;
        try {
            declaration = new DeclarationReader(SchemaRegistry.load(), Placeholders.fromProcess(),
                    new DeclarationReader.Defaults(500, Duration.ofSeconds(2), ZoneId.of("Asia/Shanghai")))
                    .read(declarationFile);
            if (sample != null && !Files.isRegularFile(sample)) {
                throw new ConnectorDeclarationException(sample, "", "expected a sample file (.csv, .xlsx or .jsonl), it does not exist");
            }
        } catch (ConnectorDeclarationException e) {
            err.println("declaration error: " + e.getMessage());
            return DECLARATION_ERROR;
        }
        // the same plugins folder as the runtime's, so the dry run finds the classes and drivers the runtime will
        try (Plugins plugins = Plugins.of(pluginsDir)) {
            List<SourceRow> rows = sample != null ? sampleRows(declaration, sample, limit)
                    : sourceRows(declaration, limit, plugins);
            report(declaration, rows);
            return OK;
        } catch (ConnectorDeclarationException e) {
            err.println("declaration error: " + e.getMessage());
            return DECLARATION_ERROR;
        } catch (Exception e) {
            err.println("dry run failed: " + e);
            return FAILED;
        }
    }

    /** Maps and validates the rows, prints records, rejections and the summary. */
    public Summary report(ConnectorDeclaration declaration, List<SourceRow> rows) {
        RecordAssembler assembler = new RecordAssembler(new ValueCoercion(declaration.source().zone()), new RecordValidator());
        ColumnMapper mapper = new ColumnMapper(declaration.mapping());
        out.println("connector " + declaration.name() + " -> dataset " + declaration.dataset().id() + " (dry run, no Kafka)");
        if (!rows.isEmpty()) {
            List<String> missing = mapper.missingColumns(rows.get(0).columns().keySet());
            if (!missing.isEmpty()) {
                out.println("warning: mapped columns missing from the source rows: " + String.join(", ", missing));
            }
        }
        int accepted = 0;
        Map<String, Integer> byCode = new TreeMap<>();
        for (SourceRow row : rows) {
            if (declaration.deletion().filter(rule -> rule.deletes(row.columns())).isPresent()) {
                // a tombstone: only its subject id matters (the runtime dead-letters an invalid one)
                Object subject = mapper.fields(row.columns()).get(declaration.dataset().subjectField());
                accepted++;
                out.println("deleted  row=" + row.position() + " subject="
                        + SubjectIds.mask(declaration.dataset().subjectType(), subject == null ? null : subject.toString()));
                continue;
            }
            RecordAssembler.Assembly assembly = assembler.assemble(declaration.dataset(), mapper.fields(row.columns()));
            if (assembly.isAccepted()) {
                accepted++;
                out.println("record   row=" + row.position() + " " + json(declaration, assembly.record()));
            } else {
                List<String> codes = new ArrayList<>();
                for (Violation v : assembly.violations()) {
                    out.println("rejected row=" + row.position() + " field=" + v.field() + " code=" + v.code()
                            + " message=" + v.message());
                    if (!codes.contains(v.code())) {
                        codes.add(v.code());
                    }
                }
                codes.forEach(code -> byCode.merge(code, 1, Integer::sum));
            }
        }
        Summary summary = new Summary(rows.size(), accepted, rows.size() - accepted, byCode);
        out.println("summary: rows=" + summary.rows() + " accepted=" + summary.accepted() + " rejected=" + summary.rejected()
                + (byCode.isEmpty() ? "" : " " + byCode));
        return summary;
    }

    private static String json(ConnectorDeclaration declaration, GenericRecord record) {
        ObjectNode node = JSON.createObjectNode();
        for (FieldDescriptor field : declaration.dataset().fields()) {
            Object value = record.get(field.name());
            if (value == null) {
                node.putNull(field.name());
            } else if (field.constraint().filter("resident-id"::equals).isPresent()) {
                node.put(field.name(), ResidentIdNumber.mask(value.toString()));
            } else if (value instanceof Number || value instanceof Boolean) {
                node.set(field.name(), JSON.valueToTree(value));
            } else {
                node.put(field.name(), value.toString());
            }
        }
        return node.toString();
    }

    static List<SourceRow> sampleRows(ConnectorDeclaration declaration, Path sample, int limit) throws Exception {
        String name = sample.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JsonLinesSample.read(sample, limit);
        }
        Optional<Charset> encoding = declaration.source() instanceof FileSource file ? file.encoding() : Optional.empty();
        Optional<String> sheetName = declaration.source() instanceof FileSource file ? file.sheet() : Optional.empty();
        // a sample stands in for a dropped file: its time and name feed fileTime mappings
        return sheetRows(FileDropSource.withFileTimes(Spreadsheets.read(sample, Files.readAllBytes(sample), encoding,
                sheetName), sample, declaration.source().zone()), sample, limit);
    }

    private static List<SourceRow> sheetRows(Sheet sheet, Path file, int limit) {
        return sheet.rows().stream().limit(limit)
                .map(r -> new SourceRow(file.getFileName() + ":" + r.number(), r.columns())).toList();
    }

    static List<SourceRow> sourceRows(ConnectorDeclaration declaration, int limit, Plugins plugins) throws Exception {
        if (declaration.source() instanceof JdbcSource jdbc) {
            return jdbcRows(declaration, jdbc, limit, plugins);
        }
        if (declaration.source() instanceof FileSource file) {
            List<SourceRow> rows = new ArrayList<>();
            List<Path> files;
            try (Stream<Path> listing = Files.list(file.dir())) {
                files = listing.filter(Files::isRegularFile).filter(FileDropSource::eligible).sorted().toList();
            }
            for (Path path : files) {
                Sheet sheet = FileDropSource.withFileTimes(Spreadsheets.read(path, Files.readAllBytes(path), file.encoding(),
                        file.sheet()), path, file.zone());
                rows.addAll(sheetRows(sheet, path, limit - rows.size()));
                if (rows.size() >= limit) {
                    break;
                }
            }
            return rows;
        }
        try (SourceConnector source = Sources.supplier(declaration, plugins).get()) {
            Map<String, String> options = declaration.source() instanceof io.datarun.connectors.declaration.JavaSource java
                    ? java.options() : Map.of();
            source.open(new SourceContext(declaration.name(), declaration.dataset().id(), options,
                    declaration.source().zone(), declaration.file()));
            return source.poll(null, limit).rows();
        }
    }

    private static List<SourceRow> jdbcRows(ConnectorDeclaration declaration, JdbcSource jdbc, int limit, Plugins plugins)
            throws Exception {
        String sql = IncrementalQuery.of(declaration).sql(Optional.empty()).replace(":#" + IncrementalQuery.LIMIT, "?");
        SourceRows positions = SourceRows.of(declaration);
        List<SourceRow> rows = new ArrayList<>();
        try (Connection connection = DataSources.create(jdbc, plugins.classLoader()).getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, limit);
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> columns = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        columns.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    SourcePosition position = positions.position(columns);
                    rows.add(new SourceRow(position.toString(), columns));
                }
            }
        }
        return rows;
    }
}
