package io.datarun.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * What a department clerk does at the end of the month: exports the new rows of a table to an
 * XLSX file and drops it into the folder datarun watches. Dates are date cells; the change time
 * is text as Chinese exports usually write it ({@code 2025-06-01 08:00:00}); codes stay codes.
 * The file is written as {@code .part} and renamed, so the connector never sees it half-written.
 */
final class SpreadsheetExport {
    private static final DateTimeFormatter CHANGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SpreadsheetExport() {
    }

    /**
     * Writes the rows of {@code table} whose id is not in {@code exportedBefore} to
     * {@code <dropDir>/<table>-<stamp>.xlsx} (see {@link #unusedName}).
     *
     * @return the number of rows written; no file when there are none
     */
    static int exportNew(Connection connection, DemoTable table, Set<Long> exportedBefore, Path dropDir, String stamp)
            throws SQLException, IOException {
        Files.createDirectories(dropDir);
        Path file = unusedName(dropDir, table.name() + "-" + stamp);
        Path part = dropDir.resolve(file.getFileName() + ".part");
        int written = 0;
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + table.name() + " ORDER BY " + DemoTable.KEY)) {
            Sheet sheet = workbook.createSheet(table.name());
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Row header = sheet.createRow(0);
            for (int i = 0; i < table.columns().size(); i++) {
                header.createCell(i).setCellValue(table.columns().get(i).name());
            }
            header.createCell(table.columns().size()).setCellValue(DemoTable.WATERMARK);
            while (rs.next()) {
                if (exportedBefore.contains(rs.getLong(DemoTable.KEY))) {
                    continue;
                }
                Row row = sheet.createRow(++written);
                for (int i = 0; i < table.columns().size(); i++) {
                    Object value = rs.getObject(table.columns().get(i).name());
                    if (value != null) {
                        write(row.createCell(i), value, dateStyle);
                    }
                }
                Timestamp gxsj = rs.getTimestamp(DemoTable.WATERMARK);
                row.createCell(table.columns().size()).setCellValue(gxsj.toLocalDateTime().format(CHANGE_TIME));
            }
            if (written == 0) {
                return 0;
            }
            try (OutputStream out = Files.newOutputStream(part)) {
                workbook.write(out);
            }
            workbook.dispose();
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        return written;
    }

    /**
     * {@code <base>.xlsx}, or {@code <base>-2.xlsx}, … when an export of the same second is still
     * in the folder or already in {@code done/}: a rename onto it would replace rows not yet read.
     */
    static Path unusedName(Path dropDir, String base) {
        Path file = dropDir.resolve(base + ".xlsx");
        for (int n = 2; Files.exists(file) || Files.exists(dropDir.resolve("done").resolve(file.getFileName())); n++) {
            file = dropDir.resolve(base + "-" + n + ".xlsx");
        }
        return file;
    }

    private static void write(Cell cell, Object value, CellStyle dateStyle) {
        if (value instanceof java.sql.Date date) {
            value = date.toLocalDate();
        }
        if (value instanceof LocalDate date) {
            cell.setCellValue(date);
            cell.setCellStyle(dateStyle);
        } else if (value instanceof BigDecimal || value instanceof Integer || value instanceof Long) {
            cell.setCellValue(((Number) value).doubleValue());
        } else {
            cell.setCellValue(value.toString());
        }
    }
}
