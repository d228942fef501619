package io.datarun.connectors.support;

import io.datarun.kafkalocal.LocalKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real KRaft broker in this JVM and a drop folder watched by a {@code kind: file} connector
 * (headers in Chinese, as departments write them) publishing to the household registry.
 */
public class FileDropTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String FILE_CONNECTOR = "ps-household-drop-test";
    /** A second connector on the same dataset whose files are full exports (its own folder). */
    public static final String FULL_EXPORT_CONNECTOR = "ps-household-full-export-test";
    /** The ethnicity every record of the full-export connector gets: a constant of its mapping. */
    public static final String CONSTANT_ETHNICITY = "回族";
    /** Long enough that a test can watch a half-written file not being read. */
    public static final String SETTLE = "4s";

    private Path root;
    private LocalKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("datarun-file-drop-test");
            broker = TestKafka.start(root);
            Path drop = Files.createDirectories(root.resolve("drop"));
            Path declarations = Files.createDirectories(root.resolve("declarations"));
            Files.writeString(declarations.resolve(FILE_CONNECTOR + ".yaml"), """
                    name: %s
                    dataset: public-security.household-registry
                    source:
                      kind: file
                      dir: %s
                      settle: %s
                      batchSize: 2
                      pollInterval: 200ms
                    mapping:
                      residentId: 身份证号
                      name: 姓名
                      gender: {column: 性别, codes: {"男": MALE, "女": FEMALE}}
                      birthDate: 出生日期
                      ethnicity: 民族
                      householdNumber: 户号
                      registeredAddress: 户籍地址
                      divisionCode: 行政区划
                      updatedAt: 更新时间
                    """.formatted(FILE_CONNECTOR, drop, SETTLE));
            Path exports = Files.createDirectories(root.resolve("exports"));
            Files.writeString(declarations.resolve(FULL_EXPORT_CONNECTOR + ".yaml"), """
                    name: %s
                    dataset: public-security.household-registry
                    source:
                      kind: file
                      dir: %s
                      settle: 1s
                      fullExport: true
                      maxDeleteShare: 0.5
                      batchSize: 2
                      pollInterval: 200ms
                    mapping:
                      residentId: 身份证号
                      name: 姓名
                      gender: {column: 性别, codes: {"男": MALE, "女": FEMALE}}
                      birthDate: 出生日期
                      ethnicity: {constant: %s}
                      householdNumber: 户号
                      registeredAddress: 户籍地址
                      divisionCode: 行政区划
                      updatedAt: {fileTime: name}
                    """.formatted(FULL_EXPORT_CONNECTOR, exports, CONSTANT_ETHNICITY));
            return TestKafka.runtimeConfig(broker, Map.of(
                    "datarun.connectors.dir", declarations.toString(),
                    "datarun-test.drop-dir", drop.toString(),
                    "datarun-test.export-dir", exports.toString(),
                    // JdbcConnectorTest's injection point is validated in every test application
                    "datarun-test.jdbc-url", "unused-by-file-drop-tests"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        TempFolder.delete(root);
    }
}
