package io.datarun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's departments deliver their data three ways: civil affairs drops an XLSX export of its
 * allowance table, human resources and social security answers over HTTP, the others are read
 * from their databases. These tests check what the connectors will find.
 */
class DepartmentDeliveriesTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int seed(int residents) {
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        return main.run(new String[] {"seed", "--dir", dir.toString(), "--residents", String.valueOf(residents)});
    }

    @Test
    void everySeedingExportsOnlyItsNewAllowanceRowsAsOneSpreadsheet() throws Exception {
        assertThat(seed(3000)).isZero();
        Path drop = Path.of(DemoTable.dropDir(dir.toString(), "civil-affairs"));
        List<Path> first = files(drop);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).getFileName().toString()).startsWith("dibao_recipients-").endsWith(".xlsx");
        long inTable = tableCount(DepartmentTables.ALLOWANCE);
        List<Map<String, String>> rows = readSheet(first.get(0));
        assertThat(rows).hasSize((int) inTable);
        Map<String, String> row = rows.get(0);
        assertThat(row.keySet()).containsExactly("sfzh", "hh", "bzje", "qsrq", "bzzt", "xzqh", "gxsj");
        assertThat(row.get("qsrq")).as("dates are date cells, shown ISO").matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(row.get("gxsj")).as("change time as Chinese exports write it").matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:00:00");
        assertThat(row.get("bzzt")).as("codes stay codes").isIn("1", "2", "3");

        assertThat(seed(3000)).as("seeding again with nobody new exports nothing").isZero();
        assertThat(files(drop)).hasSize(1);
        assertThat(seed(6000)).isZero();
        List<Path> after = files(drop);
        assertThat(after).hasSize(2);
        Path second = after.stream().filter(p -> !first.contains(p)).findFirst().orElseThrow();
        assertThat(readSheet(second)).hasSize((int) (tableCount(DepartmentTables.ALLOWANCE) - inTable));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("new rows exported as a spreadsheet to");
    }

    @Test
    void anExportOfTheSameSecondGetsANameOfItsOwnNotTheEarlierOnes() throws Exception {
        Path drop = java.nio.file.Files.createDirectories(dir.resolve("drop"));
        java.nio.file.Files.createDirectories(drop.resolve("done"));
        java.nio.file.Files.writeString(drop.resolve("t-20250601-080000.xlsx"), "waiting");
        java.nio.file.Files.writeString(drop.resolve("done").resolve("t-20250601-080000-2.xlsx"), "read");
        assertThat(SpreadsheetExport.unusedName(drop, "t-20250601-080000").getFileName().toString())
                .isEqualTo("t-20250601-080000-3.xlsx");
    }

    @Test
    void theHrssServiceAnswersChangesSinceATimeInPagesInChangeTimeOrder() throws Exception {
        assertThat(seed(3000)).isZero();
        long total = tableCount(DepartmentTables.EMPLOYMENT);
        assertThat(total).isGreaterThan(DepartmentHttpService.PAGE_SIZE);
        try (DepartmentHttpService service = DepartmentHttpService.start(dir.toString(), 0, DepartmentTables.ALL)) {
            String base = "http://127.0.0.1:" + service.port() + DepartmentHttpService.path(DepartmentTables.EMPLOYMENT);
            List<JsonObject> all = new ArrayList<>();
            for (int page = 1; ; page++) {
                List<JsonObject> items = items(get(base + "?page=" + page));
                if (items.isEmpty()) {
                    break;
                }
                assertThat(items.size()).isLessThanOrEqualTo(DepartmentHttpService.PAGE_SIZE);
                all.addAll(items);
            }
            assertThat(all).hasSize((int) total);
            assertThat(all).extracting(i -> i.getString("gxsj")).isSorted();
            JsonObject item = all.get(0);
            assertThat(item.getString("ksrq")).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(item.getJsonNumber("id")).isNotNull();

            String middle = all.get(all.size() / 2).getString("gxsj");
            List<JsonObject> since = items(get(base + "?changedSince=" + middle.replace(" ", "%20") + "&page=1"));
            assertThat(since).isNotEmpty().allSatisfy(i -> assertThat(i.getString("gxsj")).isGreaterThanOrEqualTo(middle));
            assertThat(since.get(0).getString("gxsj")).as("inclusive: rows at exactly the since-time come back")
                    .isEqualTo(middle);

            HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    base + "?changedSince=yesterday")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("changedSince");
            HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + service.port() + DepartmentHttpService.path(DepartmentTables.MARRIAGE)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as("tables read over JDBC are not served").isEqualTo(404);
        }
    }

    private long tableCount(DemoTable table) throws Exception {
        try (Connection connection = DriverManager.getConnection(table.h2Url(dir.toString()), "sa", "")) {
            return table.count(connection);
        }
    }

    private static List<Path> files(Path drop) throws Exception {
        try (Stream<Path> files = Files.list(drop)) {
            return files.filter(p -> p.toString().endsWith(".xlsx")).sorted().toList();
        }
    }

    private static List<Map<String, String>> readSheet(Path file) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        DataFormatter formatter = new DataFormatter();
        try (InputStream in = Files.newInputStream(file); Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            Row header = sheet.getRow(0);
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                Map<String, String> values = new java.util.LinkedHashMap<>();
                for (int c = 0; c < header.getLastCellNum(); c++) {
                    var cell = row.getCell(c);
                    String text;
                    if (cell != null && cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                            && org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(cell)) {
                        text = cell.getLocalDateTimeCellValue().toLocalDate().toString();
                    } else {
                        text = cell == null ? null : formatter.formatCellValue(cell);
                    }
                    values.put(header.getCell(c).getStringCellValue(), text);
                }
                rows.add(values);
            }
        }
        return rows;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static List<JsonObject> items(String body) {
        try (JsonReader reader = Json.createReader(new java.io.StringReader(body))) {
            return reader.readObject().getJsonArray("items").getValuesAs(JsonObject.class);
        }
    }
}
