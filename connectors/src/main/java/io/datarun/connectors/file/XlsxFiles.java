package io.datarun.connectors.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Reads one sheet of an XLSX workbook with Apache POI: each cell as the text Excel shows, except
 * date cells, which become ISO dates ({@code 2024-05-01}) or date-times, and formulas, which are
 * evaluated.
 */
public final class XlsxFiles {
    private XlsxFiles() {
    }

    public static Sheet read(byte[] bytes, Optional<String> sheetName) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            org.apache.poi.ss.usermodel.Sheet sheet = sheetName.map(workbook::getSheet).orElse(workbook.getSheetAt(0));
            if (sheet == null) {
                throw new IllegalArgumentException("the workbook has no sheet named '" + sheetName.orElseThrow() + "'");
            }
            DataFormatter formatter = new DataFormatter();
            FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            List<List<String>> lines = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(row.getLastCellNum(), 0); c++) {
                    cells.add(text(row.getCell(c), formatter, evaluator));
                }
                lines.add(cells);
                numbers.add(row.getRowNum() + 1);
            }
            return Sheet.of(lines, numbers);
        } catch (IOException e) {
            throw new UncheckedIOException("not a readable XLSX workbook: " + e.getMessage(), e);
        }
    }

    private static String text(Cell cell, DataFormatter formatter, FormulaEvaluator evaluator) {
        if (cell == null) {
            return null;
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? evaluator.evaluateFormulaCell(cell) : cell.getCellType();
        if (type == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
            LocalDateTime value = cell.getLocalDateTimeCellValue();
            return value.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? value.toLocalDate().toString() : value.toString();
        }
        if (type == CellType.BLANK) {
            return null;
        }
        return formatter.formatCellValue(cell, evaluator);
    }
}
