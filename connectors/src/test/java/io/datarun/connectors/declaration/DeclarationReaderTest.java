package io.datarun.connectors.declaration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.schemas.catalog.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclarationReaderTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    private static final String VALID = """
            name: ps-test
            dataset: public-security.household-registry
            source:
              kind: jdbc
              url: ${TEST_DB_URL:jdbc:h2:mem:test}
              user: sa
              table: hukou_residents
              watermark: {column: gxsj, key: id}
              pollInterval: 500ms
            mapping:
              residentId: sfzh
              name: xm
              gender: {column: xb, codes: {"1": MALE, "2": FEMALE}}
              birthDate: csrq
              householdNumber: hh
              registeredAddress: hjdz
              divisionCode: xzqh
              updatedAt: gxsj
            """;

    @TempDir
    Path dir;

    private final DeclarationReader reader = reader(Map.of());

    private static DeclarationReader reader(Map<String, String> environment) {
        return new DeclarationReader(REGISTRY, new Placeholders(environment::get, name -> null),
                new DeclarationReader.Defaults(500, Duration.ofSeconds(2), ZoneId.of("Asia/Shanghai")));
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void whenDeclarationIsValidThenEveryKeyIsRead() throws IOException {
        ConnectorDeclaration declaration = reader.read(write("ps.yaml", VALID));

        assertThat(declaration.name()).isEqualTo("ps-test");
        assertThat(declaration.jdbc().url()).isEqualTo("jdbc:h2:mem:test");
        assertThat(declaration.jdbc().password()).isEmpty();
        assertThat(declaration.source().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(declaration.source().batchSize()).isEqualTo(500);
        assertThat(declaration.subjectColumn()).isEqualTo("sfzh");
        assertThat(declaration.columns()).startsWith("id", "gxsj").contains("xb", "hjdz").doesNotHaveDuplicates();
        assertThat(declaration.mapping()).filteredOn(m -> m.field().equals("gender")).singleElement()
                .satisfies(m -> assertThat(m.apply(" 2 ")).isEqualTo("FEMALE"));
    }

    @Test
    void whenAMappingGivesAConstantThenEveryRecordGetsItAndNoColumnIsRead() throws IOException {
        ConnectorDeclaration declaration = reader.read(write("c.yaml", VALID.replace("  divisionCode: xzqh",
                "  divisionCode: {constant: \"110105\"}")));

        assertThat(declaration.columns()).doesNotContain("xzqh");
        assertThat(declaration.mapping()).filteredOn(m -> m.field().equals("divisionCode")).singleElement()
                .satisfies(m -> assertThat(m.apply("anything")).isEqualTo("110105"));
    }

    @Test
    void whenAConstantIsGivenForTheSubjectOrBesideAColumnOrAFileTimeOutsideAFileSourceThenRefused() throws IOException {
        assertThatThrownBy(() -> reader.read(write("s.yaml", VALID.replace("  residentId: sfzh",
                "  residentId: {constant: \"11010519491231002X\"}"))))
                .hasMessageContaining("s.yaml: mapping.residentId.constant: expected a column for the subject field");
        assertThatThrownBy(() -> reader.read(write("b.yaml", VALID.replace("  divisionCode: xzqh",
                "  divisionCode: {column: xzqh, constant: \"110105\"}"))))
                .hasMessageContaining("b.yaml: mapping.divisionCode")
                .hasMessageContaining("expected exactly one of column, constant or fileTime");
        assertThatThrownBy(() -> reader.read(write("t.yaml", VALID.replace("  updatedAt: gxsj",
                "  updatedAt: {fileTime: modified}"))))
                .hasMessageContaining("t.yaml: mapping.updatedAt.fileTime: expected only in a declaration of kind: file");
    }

    @Test
    void whenAFileSourceIsAFullExportThenItsDeleteShareIsReadAndCheckedAndFileTimesAreColumns() throws IOException {
        String file = VALID.replace("""
                  kind: jdbc
                  url: ${TEST_DB_URL:jdbc:h2:mem:test}
                  user: sa
                  table: hukou_residents
                  watermark: {column: gxsj, key: id}
                """, """
                  kind: file
                  dir: drop
                  fullExport: true
                  maxDeleteShare: 0.25
                """).replace("  updatedAt: gxsj", "  updatedAt: {fileTime: name}");
        ConnectorDeclaration declaration = reader.read(write("f.yaml", file));

        FileSource source = (FileSource) declaration.source();
        assertThat(source.fullExport()).isTrue();
        assertThat(source.maxDeleteShare()).isEqualTo(0.25);
        assertThat(declaration.mapping()).filteredOn(m -> m.field().equals("updatedAt")).singleElement()
                .satisfies(m -> assertThat(m.column()).isEqualTo(MappedColumn.FILE_NAME_DATE));
        assertThatThrownBy(() -> reader.read(write("g.yaml", file.replace("0.25", "1.5"))))
                .hasMessageContaining("g.yaml: source.maxDeleteShare: expected a share between 0 and 1");
        assertThatThrownBy(() -> reader.read(write("h.yaml", file.replace("fullExport: true", "fullExport: maybe"))))
                .hasMessageContaining("h.yaml: source.fullExport: expected true or false");
    }

    @Test
    void whenFirstLoadAndKeyCheckAreNotDeclaredThenDefaultsApplyAndWhenDeclaredTheyAreRead() throws IOException {
        JdbcSource defaults = reader.read(write("ps.yaml", VALID)).jdbc();
        assertThat(defaults.backfillRows()).isEqualTo(50_000);
        assertThat(defaults.backfillTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.keyCheck()).isEmpty();

        JdbcSource declared = reader.read(write("declared.yaml", VALID.replace("pollInterval: 500ms",
                "pollInterval: 500ms\n  backfillRows: 20000\n  backfillTime: 2s\n  keyCheck: 1h"))).jdbc();
        assertThat(declared.backfillRows()).isEqualTo(20_000);
        assertThat(declared.backfillTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(declared.keyCheck()).contains(Duration.ofHours(1));
        assertThat(declared.batchSize()).as("the polls' batch stays its own").isEqualTo(500);

        Path zero = write("zero.yaml", VALID.replace("pollInterval: 500ms", "pollInterval: 500ms\n  backfillRows: 0"));
        assertThatThrownBy(() -> reader.read(zero)).hasMessageContaining("backfillRows: expected a row count between 1 and 1000000, found 0");
    }

    @Test
    void whenEnvironmentSetsPlaceholderThenItWinsOverDefault() throws IOException {
        ConnectorDeclaration declaration = reader(Map.of("TEST_DB_URL", "jdbc:postgresql://db/x"))
                .read(write("ps.yaml", VALID));

        assertThat(declaration.jdbc().url()).isEqualTo("jdbc:postgresql://db/x");
    }

    @Test
    void whenShippedDemoDeclarationIsReadThenItPointsAtTheDemoH2Database() {
        ConnectorDeclaration declaration = reader.readFolder(Path.of("declarations")).stream()
                .filter(d -> d.name().equals("ps-household-registry")).findFirst().orElseThrow();

        assertThat(declaration.name()).isEqualTo("ps-household-registry");
        assertThat(declaration.jdbc().url()).isEqualTo("jdbc:h2:file:./data/demo/public-security;AUTO_SERVER=TRUE");
        assertThat(declaration.jdbc().table()).contains("hukou_residents");
    }

    @Test
    void whenKeyIsUnknownThenFailsNamingFileAndKeyPath() throws IOException {
        Path file = write("typo.yaml", VALID.replace("  table:", "  tabel:"));

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("source.tabel")
                .hasMessageContaining("unknown key");
    }

    @Test
    void whenDatasetIsUnknownThenFailsListingKnownOnes() throws IOException {
        Path file = write("ds.yaml", VALID.replace("public-security.household-registry", "public-security.pets"));

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("ds.yaml: dataset: expected a dataset the schema registry knows")
                .hasMessageContaining("public-security.household-registry");
    }

    @Test
    void whenMappingNamesFieldSchemaLacksThenFails() throws IOException {
        Path file = write("field.yaml", VALID.replace("  name: xm", "  fullName: xm"));

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("field.yaml: mapping.fullName: expected a field of public-security.household-registry");
    }

    @Test
    void whenRequiredFieldIsUnmappedThenFails() throws IOException {
        Path file = write("required.yaml", VALID.replace("  householdNumber: hh\n", ""));

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("required.yaml: mapping: expected a mapping for required field 'householdNumber'");
    }

    @Test
    void whenColumnIsNotPlainIdentifierThenFailsBeforeAnySqlIsBuilt() throws IOException {
        Path file = write("inject.yaml", VALID.replace("column: gxsj", "column: \"gxsj; drop table x\""));

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("inject.yaml: source.watermark.column: expected an SQL identifier matching");
    }

    @Test
    void whenPlaceholderHasNoValueThenFailsNamingTheVariable() throws IOException {
        Path file = write("env.yaml", VALID.replace("${TEST_DB_URL:jdbc:h2:mem:test}", "${TEST_DB_URL}"));

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("env.yaml: source.url: expected environment variable or system property 'TEST_DB_URL'");
    }

    @Test
    void whenTableAndQueryAreBothGivenThenFails() throws IOException {
        Path file = write("both.yaml", VALID.replace("  table: hukou_residents",
                "  table: hukou_residents\n  query: select * from hukou_residents"));

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("both.yaml: source: expected exactly one of 'table' or 'query'");
    }

    @Test
    void whenTwoFilesDeclareOneNameThenFolderFails() throws IOException {
        write("a.yaml", VALID);
        write("b.yaml", VALID);

        assertThatThrownBy(() -> reader.readFolder(dir))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("b.yaml: name: expected a unique connector name");
    }

    private static final String MAPPING = """
            mapping:
              residentId: sfzh
              name: person.name
              gender: xb
              birthDate: csrq
              householdNumber: hh
              registeredAddress: hjdz
              divisionCode: xzqh
              updatedAt: gxsj
            """;

    @Test
    void whenHttpSourceIsDeclaredThenPathsHeadersAndPlaceholdersAreRead() throws IOException {
        ConnectorDeclaration declaration = reader(Map.of("HRSS_TOKEN", "s3cret")).read(write("hrss.yaml", """
                name: hrss-test
                dataset: public-security.household-registry
                source:
                  kind: http
                  url: https://hrss.example/api/v1/persons?status=active
                  itemsPath: $.data.items
                  pageParam: page
                  sinceParam: changedSince
                  sinceField: gxsj
                  headers: {Authorization: "Bearer ${HRSS_TOKEN}"}
                """ + MAPPING));

        HttpSource http = (HttpSource) declaration.source();
        assertThat(http.kind()).isEqualTo("http");
        assertThat(http.itemsPath()).isEqualTo("$.data.items");
        assertThat(http.pageParam()).contains("page");
        assertThat(http.firstPage()).isEqualTo(1);
        assertThat(http.keyField()).isEmpty();
        assertThat(http.headers()).containsEntry("Authorization", "Bearer s3cret");
        assertThat(http.toString()).doesNotContain("s3cret");
        assertThat(declaration.subjectColumn()).isEqualTo("sfzh");
    }

    @Test
    void whenHttpSourceDeclaresBothPagingStylesThenItFailsWithTheKey() throws IOException {
        Path file = write("hrss.yaml", """
                name: hrss-test
                dataset: public-security.household-registry
                source: {kind: http, url: "http://127.0.0.1:1/x", nextPagePath: links.next, pageParam: page, sinceField: gxsj}
                """ + MAPPING);

        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("hrss.yaml").hasMessageContaining("source.pageParam")
                .hasMessageContaining("either nextPagePath or pageParam");
    }

    @Test
    void whenRabbitMqSourceIsDeclaredThenQueueAndWindowAreReadAndABadUriFails() throws IOException {
        ConnectorDeclaration declaration = reader.read(write("mq.yaml", """
                name: mq-test
                dataset: public-security.household-registry
                source: {kind: rabbitmq, uri: "amqp://guest:guest@127.0.0.1:5672/%2F", queue: residents, batchSize: 50}
                """ + MAPPING));
        RabbitMqSource rabbit = (RabbitMqSource) declaration.source();
        assertThat(rabbit.queue()).isEqualTo("residents");
        assertThat(rabbit.dedupeWindow()).isEqualTo(1000);
        assertThat(rabbit.toString()).doesNotContain("guest:guest");

        Path bad = write("bad.yaml", """
                name: mq-test
                dataset: public-security.household-registry
                source: {kind: rabbitmq, uri: "http://127.0.0.1:5672", queue: residents}
                """ + MAPPING);
        assertThatThrownBy(() -> reader.read(bad)).isInstanceOf(ConnectorDeclarationException.class)
                .hasMessageContaining("source.uri").hasMessageContaining("amqp://");
    }

    @Test
    void whenKeyIsUnknownThenTheMessageNamesItsLineAndTheKeysAllowedThere() throws IOException {
        Path file = write("typo.yaml", VALID.replace("  table:", "  tabel:"));

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(ConnectorDeclarationException.class)
                .hasMessage(file + ": source.tabel: unknown key; expected one of backfillRows, backfillTime, batchSize, "
                        + "keyCheck, kind, password, pollInterval, query, table, url, user, watermark, zone (line 7)")
                .satisfies(e -> assertThat(((ConnectorDeclarationException) e).line()).isEqualTo(7));
    }

    @Test
    void whenAKeyIsMissingThenTheLineIsThatOfTheMappingThatLacksIt() throws IOException {
        Path file = write("nokey.yaml", VALID.replace("watermark: {column: gxsj, key: id}", "watermark: {column: gxsj}"));

        assertThatThrownBy(() -> reader.read(file))
                .hasMessageContaining("source.watermark.key: expected this key, it is missing (line 8)");
    }

    @Test
    void whenAValueHasTheWrongFormThenItIsNamedWithWhatWasExpected() throws IOException {
        Path file = write("form.yaml", VALID.replace("pollInterval: 500ms", "pollInterval: 500ms\n  batchSize: many"));

        assertThatThrownBy(() -> reader.read(file))
                .hasMessageContaining("source.batchSize: expected a whole number, found 'many' (line 10)");
    }

    @Test
    void whenAKeyIsLeftOutThenItsDefaultIsTheDeclaredOneOrTheRuntimeSetting() throws IOException {
        ConnectorDeclaration declaration = reader(Map.of("BATCH", "50")).read(write("defaults.yaml", """
                name: drop-test
                dataset: public-security.household-registry
                source: {kind: file, dir: /tmp/drop, batchSize: "${BATCH:7}"}
                """ + MAPPING));

        FileSource file = (FileSource) declaration.source();
        assertThat(file.settle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(file.encoding()).isEmpty();
        assertThat(file.batchSize()).isEqualTo(50);
        assertThat(file.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(file.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void whenAnEmptyPasswordPlaceholderIsUnsetThenThereIsNoPasswordButAnEmptyUrlIsAnError() throws IOException {
        ConnectorDeclaration declaration = reader.read(write("pw.yaml", VALID.replace("  user: sa",
                "  user: sa\n  password: ${TEST_DB_PASSWORD:}")));
        assertThat(declaration.jdbc().password()).isEmpty();

        Path empty = write("url.yaml", VALID.replace("${TEST_DB_URL:jdbc:h2:mem:test}", "${TEST_DB_URL:}"));
        assertThatThrownBy(() -> reader.read(empty)).hasMessageContaining("source.url: expected a value, found an empty one");
    }

    @Test
    void whenTheSourceKindIsUnknownThenTheKnownKindsAreListed() throws IOException {
        Path file = write("kind.yaml", VALID.replace("kind: jdbc", "kind: ftp"));

        assertThatThrownBy(() -> reader.read(file))
                .hasMessageContaining("source.kind: expected one of jdbc, file, java, http, rabbitmq, camel, found 'ftp' (line 4)");
    }

    static final String CAMEL_SOURCE = """
              kind: camel
              route:
                - from:
                    uri: "paho-mqtt5:checkups"
                    parameters: {brokerUrl: "tcp://127.0.0.1:1883", password: "{{env:MQTT_PASSWORD}}"}
                    steps:
                      - setHeader: {name: x, simple: "${header.CamelFileName}"}
                      - to: "datarun:door"
            """;

    @Test
    void whenACamelRouteEndsAtTheDoorThenItIsKeptVerbatimSimpleLanguageIncluded() throws IOException {
        Path file = write("camel.yaml", VALID.replace(VALID.substring(VALID.indexOf("  kind: jdbc"), VALID.indexOf("mapping:")),
                CAMEL_SOURCE));
        ConnectorDeclaration declaration = reader.read(file);

        CamelSource camel = (CamelSource) declaration.source();
        assertThat(camel.routeText(file)).contains("${header.CamelFileName}").contains("{{env:MQTT_PASSWORD}}")
                .contains("datarun:door");
        assertThat(camel.toString()).contains("paho-mqtt5:checkups").doesNotContain("MQTT_PASSWORD");
    }

    @Test
    void whenACamelRouteDoesNotEndAtTheDoorThenTheKeyAndTheRuleAreNamed() throws IOException {
        Path file = write("camel.yaml", VALID.replace(VALID.substring(VALID.indexOf("  kind: jdbc"), VALID.indexOf("mapping:")),
                CAMEL_SOURCE.replace("datarun:door", "log:out")));

        assertThatThrownBy(() -> reader.read(file)).hasMessageContaining("source.route")
                .hasMessageContaining("expected the route to end at 'datarun:door'");
    }

    @Test
    void whenARouteFileIsNamedThenItIsReadBesideTheDeclarationAndNotTakenForADeclaration() throws IOException {
        write("ps-sftp.camel.yaml", "- from:\n    uri: \"sftp://drop@127.0.0.1/exports\"\n    steps:\n      - to: \"datarun:door\"\n");
        write("ps-sftp.yaml", VALID.replace(VALID.substring(VALID.indexOf("  kind: jdbc"), VALID.indexOf("mapping:")),
                "  kind: camel\n  routeFile: ps-sftp.camel.yaml\n"));

        List<ConnectorDeclaration> declarations = reader.readFolder(dir);

        assertThat(declarations).singleElement().satisfies(d -> assertThat(((CamelSource) d.source()).routeText(d.file()))
                .contains("sftp://drop@127.0.0.1/exports"));
    }

    @Test
    void whenASoftDeleteColumnIsDeclaredThenRowsMarkedWithItsValuesDelete() throws IOException {
        ConnectorDeclaration shorthand = reader.read(write("d1.yaml", VALID + "deleted: sc_bz\n"));
        ConnectorDeclaration values = reader.read(write("d2.yaml", VALID + "deleted: {column: zt, values: \"注销, 9\"}\n"));

        assertThat(shorthand.deletion().orElseThrow().deletes(Map.of("SC_BZ", "1"))).isTrue();
        assertThat(shorthand.deletion().orElseThrow().deletes(Map.of("sc_bz", "0"))).isFalse();
        assertThat(shorthand.columns()).contains("sc_bz");
        assertThat(values.deletion().orElseThrow().deletes(Map.of("zt", " 注销 "))).isTrue();
        assertThat(values.deletion().orElseThrow().deletes(Map.of("zt", "1"))).isFalse();
        assertThatThrownBy(() -> reader.read(write("d3.yaml", VALID + "deleted: {column: \"sc bz\"}\n")))
                .hasMessageContaining("deleted.column").hasMessageContaining("SQL identifier");
    }
}
