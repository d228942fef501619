package io.datarun.connectors.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real KRaft broker in this JVM and a drop folder watched by a {@code kind: file} connector
 * (headers in Chinese, as departments write them) publishing to the household registry, and a
 * second connector on the same dataset whose files are full exports.
 */
public class FileDropTestResource extends ConnectorsTestResource {
    public static final String FILE_CONNECTOR = "ps-household-drop-test";
    /** A second connector on the same dataset whose files are full exports (its own folder). */
    public static final String FULL_EXPORT_CONNECTOR = "ps-household-full-export-test";
    /** The ethnicity every record of the full-export connector gets: a constant of its mapping. */
    public static final String CONSTANT_ETHNICITY = "回族";
    /** Long enough that a test can watch a half-written file not being read. */
    public static final String SETTLE = "4s";

    public FileDropTestResource() {
        super("datarun-file-drop-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
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
                """.formatted(FILE_CONNECTOR, drop, SETTLE) + Spreadsheet.MAPPING);
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
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun-test.drop-dir", drop.toString(),
                "datarun-test.export-dir", exports.toString(),
                // JdbcConnectorTest's injection point is validated in every test application
                "datarun-test.jdbc-url", "unused-by-file-drop-tests");
    }
}
