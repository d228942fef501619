package io.datarun.demo;

import io.datarun.demo.DemoResident.Defect;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The demo's command line: {@code java -cp deploy/demo/target/classes:deploy/demo/target/lib/* io.datarun.demo.Main <command>}.
 * The only class of this module that writes to standard output; exit code 2 means bad usage.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final String DEFAULT_DIR = "./data/demo";
    /** Every table {@code seed} knows, in seeding order: the household registry, then the other departments'. */
    static final List<String> TABLES = java.util.stream.Stream.concat(java.util.stream.Stream.of(DemoDatabase.TABLE),
            DepartmentTables.ALL.stream().map(DemoTable::name)).toList();
    static final int DEFAULT_RESIDENTS = 5000;
    static final int DEFAULT_HTTP_PORT = 8082;
    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    static final String HELP = """
            usage: io.datarun.demo.Main <command> [options]

            commands:
              seed       create the departments' tables and insert synthetic rows about the same residents:
                           hukou_residents (public security), hyzk_marriage, dibao_recipients, cjr_certificates
                           (civil affairs), jy_employment, yl_pension (human resources and social security),
                           tj_checkups (health), qy_enterprises (market regulation)
                           --dir D          folder of the H2 databases, one per department: D/<department>
                                            (default %s)
                           --jdbc-url U     one JDBC URL, H2 or PostgreSQL, for every table instead
                           --tables t1,t2   only these tables (default: all)
                           --user U         database user (default sa for H2, else the driver's default)
                           --password P     database password (default: $DATARUN_DEMO_DB_PASSWORD, else empty)
                           --residents N    how many residents (default %d); seeding again only tops up
                           --seed S         generator seed (default %d); the same seed gives the same residents
                           Civil affairs also exports the new rows of dibao_recipients as an XLSX file into
                           D/drops/civil-affairs (its connector reads that folder, not the table).
              serve-http the human resources and social security department's HTTP API over its tables
                           jy_employment and yl_pension: GET /<department>/api/v1/<table>?changedSince=&page=
                           --dir D          folder of the H2 databases (default %s)
                           --port P         port on 127.0.0.1 (default %d); prints READY when listening
              serve-mqtt health's check-up devices: an MQTT broker (Moquette) and devices publishing one
                           check-up result as JSON every interval on health/checkups/results
                           --dir D          folder of the broker's store (default %s/mqtt)
                           --port P         port on 127.0.0.1 (default 1884); prints READY when listening
                           --residents N    about the first N demo residents (default %d)
                           --interval-ms M  one result every M ms (default 3000)
              keys       create a DEV-ONLY RSA-2048 signing key pair if missing
                           --dir D          key folder (default %s): privateKey.pem, publicKey.pem
              token      print a DEV-ONLY RS256 JWT on stdout (TOKEN=$(... token ...)); creates the keys if missing
                           --dept D         department code, e.g. public-security, civil-affairs (required)
                           --groups g1,g2   roles from clerk, publisher, steward, auditor, admin (required)
                           --sub S          subject and upn (default %s)
                           --divisions c,c  division codes the bearer is limited to (default: none, no limit)
                           --ttl T          time to live, e.g. 8h, 30m, 2d, PT8H (default 8h)
                           --resident ID    instead of --dept/--groups: a resident token (role resident, claim
                                            residentId) for the page 我的数据使用记录
                           --keys-dir D     key folder (default %s)
              residents  print valid demo resident ID numbers to try (sfzh, name, gender, birth date, division)
                           --count N        how many (default 5)
                           --seed S         generator seed (default %d)
              help       print this help

            DEV-ONLY: the keys and tokens are for a local demo. Anyone with the key folder can mint
            any identity; a production gateway trusts only a real OIDC provider.
            """.formatted(DEFAULT_DIR, DEFAULT_RESIDENTS, DemoResidents.DEFAULT_SEED, DEFAULT_DIR, DEFAULT_HTTP_PORT,
            DEFAULT_DIR, DEFAULT_RESIDENTS, DevKeys.DEFAULT_DIR,
            DevTokens.DEFAULT_SUBJECT, DevKeys.DEFAULT_DIR, DemoResidents.DEFAULT_SEED);

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // Apache POI brings Log4j's API, which JBoss Logging (used by smallrye) then prefers; with no Log4j
        // backend here it would print an error on every command. The simple context keeps it quiet.
        System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        System.setProperty("org.slf4j.simpleLogger.log.io.moquette", "warn"); // the demo MQTT broker: not a line per message
        System.exit(new Main(System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length == 0) {
            return usage("no command given");
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "seed" -> seed(Options.parse(rest, "jdbc-url", "dir", "tables", "user", "password", "residents", "seed"));
                case "keys" -> keys(Options.parse(rest, "dir"));
                case "serve-http" -> serveHttp(Options.parse(rest, "dir", "port"));
                case "serve-mqtt" -> serveMqtt(Options.parse(rest, "dir", "port", "residents", "interval-ms"));
                case "token" -> token(Options.parse(rest, "dept", "groups", "sub", "divisions", "ttl", "keys-dir", "resident"));
                case "residents" -> residents(Options.parse(rest, "count", "seed"));
                case "help", "--help", "-h" -> {
                    out.print(HELP);
                    yield OK;
                }
                default -> usage("unknown command '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private int usage(String problem) {
        err.println("error: " + problem);
        err.println();
        err.print(HELP);
        return USAGE;
    }

    private int seed(Options options) throws SQLException, IOException {
        String explicitUrl = options.get("jdbc-url", null);
        String dir = options.get("dir", DEFAULT_DIR);
        int count = options.positiveInt("residents", DEFAULT_RESIDENTS);
        DemoResidents generator = new DemoResidents(options.longValue("seed", DemoResidents.DEFAULT_SEED));
        Set<String> tables = new LinkedHashSet<>(options.list("tables"));
        if (tables.isEmpty()) {
            tables.addAll(TABLES);
        }
        for (String table : tables) {
            if (!TABLES.contains(table)) {
                throw new IllegalArgumentException("unknown table '" + table + "', expected some of " + TABLES);
            }
        }
        List<DemoResident> residents = generator.generate(count);
        if (tables.contains(DemoDatabase.TABLE)) {
            String url = explicitUrl != null ? explicitUrl : "jdbc:h2:file:" + dir + "/public-security;AUTO_SERVER=TRUE";
            seedResidents(url, options, residents, generator.seed());
        }
        Map<DemoTable, List<DemoRow>> generated = new DepartmentTables(generator.seed()).generate(residents);
        for (Map.Entry<DemoTable, List<DemoRow>> entry : generated.entrySet()) {
            DemoTable table = entry.getKey();
            if (!tables.contains(table.name())) {
                continue;
            }
            String url = explicitUrl != null ? explicitUrl : table.h2Url(dir);
            List<DemoRow> rows = entry.getValue();
            int inserted;
            long total;
            String delivered = "";
            try (Connection connection = DriverManager.getConnection(url, connectionProperties(url, options))) {
                table.createSchema(connection);
                Set<Long> before = table.ids(connection);
                inserted = table.seed(connection, rows, Clock.systemUTC());
                total = table.count(connection);
                if (table.delivery() == DemoTable.Delivery.XLSX_DROP && explicitUrl == null) {
                    Path drop = Path.of(DemoTable.dropDir(dir, table.department()));
                    int exported = SpreadsheetExport.exportNew(connection, table, before, drop, STAMP.format(
                            java.time.LocalDateTime.now(DemoDatabase.SOURCE_ZONE)));
                    delivered = exported == 0 ? "; nothing new to export" : "; " + exported
                            + " new rows exported as a spreadsheet to " + drop;
                } else if (table.delivery() == DemoTable.Delivery.HTTP) {
                    delivered = "; served over HTTP by `serve-http`";
                }
            }
            Map<String, Long> bad = new TreeMap<>();
            rows.stream().flatMap(r -> r.expected().stream()).forEach(e -> bad.merge(e.code(), 1L, Long::sum));
            String conflict = "";
            if (table == DepartmentTables.ALLOWANCE) {
                conflict = rows.stream().filter(r -> r.expected().isEmpty())
                        .filter(r -> DepartmentTables.hasStaleHouseholdNumber((String) r.values().get("hh")))
                        .map(r -> "; sources disagree on the household number of " + r.values().get("sfzh"))
                        .findFirst().orElse("");
            }
            out.printf("%s (%s, %s): %d rows inserted, %d already present, %d in the table; bad rows on purpose: %d%s%s%n",
                    table.name(), table.dataset(), table.urlVariable(), inserted, rows.size() - inserted, total,
                    bad.values().stream().mapToLong(Long::longValue).sum(),
                    bad.isEmpty() ? "" : bad.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ", " (", ")")), delivered + conflict);
        }
        return OK;
    }

    private static Properties connectionProperties(String url, Options options) {
        Properties properties = new Properties();
        String user = options.get("user", url.startsWith("jdbc:h2:") ? "sa" : null);
        if (user != null) {
            properties.setProperty("user", user);
        }
        String password = options.get("password", System.getenv().getOrDefault("DATARUN_DEMO_DB_PASSWORD", ""));
        if (!password.isEmpty() || user != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    private void seedResidents(String url, Options options, List<DemoResident> residents, long seed)
            throws SQLException {
        DemoDatabase database = new DemoDatabase();
        int inserted;
        long total;
        try (Connection connection = DriverManager.getConnection(url, connectionProperties(url, options))) {
            inserted = database.seed(connection, residents);
            total = database.count(connection);
        }
        Map<Defect, Long> bad = new EnumMap<>(Defect.class);
        residents.stream().flatMap(r -> r.defect().stream()).forEach(d -> bad.merge(d, 1L, Long::sum));
        out.printf("%s: %d rows inserted, %d already present, %d in the table (seed %d)%n", DemoDatabase.TABLE,
                inserted, residents.size() - inserted, total, seed);
        out.printf("bad rows on purpose: %d%s%n", bad.values().stream().mapToLong(Long::longValue).sum(),
                bad.isEmpty() ? "" : bad.entrySet().stream().map(e -> e.getKey().code() + " " + e.getValue())
                        .collect(Collectors.joining(", ", " (", ")")));
        out.println("resident IDs to try: " + residents.stream().filter(r -> !r.isBad())
                .collect(Collectors.toMap(DemoResident::divisionCode, DemoResident::residentId, (a, b) -> a,
                        LinkedHashMap::new))
                .values().stream().limit(3).collect(Collectors.joining(" ")));
    }

    /** Runs until the process is stopped. */
    private int serveMqtt(Options options) throws IOException {
        Path dir = Path.of(options.get("dir", DEFAULT_DIR + "/mqtt"));
        java.nio.file.Files.createDirectories(dir);
        int port = options.positiveInt("port", 1884);
        CheckupDevices devices = CheckupDevices.start(port, dir, options.positiveInt("residents", DEFAULT_RESIDENTS),
                options.positiveInt("interval-ms", 3000));
        out.println("serving MQTT on 127.0.0.1:" + port + ", check-up results on " + CheckupDevices.TOPIC);
        out.println("READY");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(devices::close));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private int serveHttp(Options options) throws IOException {
        String dir = options.get("dir", DEFAULT_DIR);
        int port = options.positiveInt("port", DEFAULT_HTTP_PORT);
        DepartmentHttpService service = DepartmentHttpService.start(dir, port, DepartmentTables.ALL);
        DepartmentTables.ALL.stream().filter(t -> t.delivery() == DemoTable.Delivery.HTTP)
                .forEach(t -> out.println("serving " + t.dataset() + " at http://127.0.0.1:" + service.port()
                        + DepartmentHttpService.path(t)));
        out.println("READY");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private int keys(Options options) throws IOException {
        DevKeys keys = new DevKeys(Path.of(options.get("dir", DevKeys.DEFAULT_DIR.toString())));
        boolean existed = keys.exist();
        keys.ensure();
        out.println((existed ? "kept existing" : "created") + " DEV-ONLY keys: " + keys.privateKeyFile()
                + " " + keys.publicKeyFile());
        return OK;
    }

    private int token(Options options) throws IOException {
        Duration ttl = options.has("ttl") ? DevTokens.parseTtl(options.get("ttl", null)) : DevTokens.DEFAULT_TTL;
        if (options.has("resident")) {
            KeyPair pair = new DevKeys(Path.of(options.get("keys-dir", DevKeys.DEFAULT_DIR.toString()))).ensure();
            out.println(new DevTokens(pair.getPrivate()).mintResident(options.get("resident", null), ttl));
            return OK;
        }
        DevTokens.Request request = new DevTokens.Request(
                options.get("sub", DevTokens.DEFAULT_SUBJECT),
                options.required("dept"),
                new LinkedHashSet<>(options.list("groups")),
                options.list("divisions"),
                options.has("ttl") ? DevTokens.parseTtl(options.get("ttl", null)) : DevTokens.DEFAULT_TTL);
        KeyPair pair = new DevKeys(Path.of(options.get("keys-dir", DevKeys.DEFAULT_DIR.toString()))).ensure();
        out.println(new DevTokens(pair.getPrivate()).mint(request));
        return OK;
    }

    private int residents(Options options) {
        int count = options.positiveInt("count", 5);
        new DemoResidents(options.longValue("seed", DemoResidents.DEFAULT_SEED)).generate(count + count / 100 + 1)
                .stream().filter(r -> !r.isBad()).limit(count)
                .forEach(r -> out.println(String.join("\t", r.residentId(), r.name(), r.gender().name(),
                        r.birthDate().toString(), r.divisionCode())));
        return OK;
    }

    /** {@code --name value} or {@code --name=value} pairs, each name allowed by its command. */
    record Options(Map<String, String> values) {
        static Options parse(List<String> args, String... allowed) {
            Set<String> names = Set.of(allowed);
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                }
                String name = arg.substring(2);
                String value;
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    value = name.substring(equals + 1);
                    name = name.substring(0, equals);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                if (!names.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
                if (values.put(name, value) != null) {
                    throw new IllegalArgumentException("--" + name + " given twice");
                }
            }
            return new Options(values);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String get(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        String required(String name) {
            String value = values.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        List<String> list(String name) {
            String value = values.get(name);
            if (value == null) {
                return List.of();
            }
            return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        int positiveInt(String name, int fallback) {
            long value = longValue(name, fallback);
            if (value <= 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--" + name + " must be a positive whole number");
            }
            return (int) value;
        }

        long longValue(String name, long fallback) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
            }
        }
    }
}
