package io.datarun.connectors.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
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
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Reads one sheet of an XLSX workbook, or of an Excel 97–2003 {@code .xls} one, with Apache POI: each
 * cell as the text Excel shows, except date cells, which become ISO dates ({@code 2024-05-01}) or
 * date-times, whole numbers, which are written out in full (never {@code 1.10105E+17}), and
 * formulas, which are evaluated. A number of 16 digits or more cannot have come through Excel intact
 * (it keeps 15 significant digits, so an ID number typed as a number has lost its last digits): such
 * a cell is read as a sentence saying so, which no identifier check accepts, so the row is
 * dead-lettered with the reason in its raw values instead of being published with a wrong ID.
 */
public final class XlsxFiles {
    private XlsxFiles() {
    }

    public static Sheet read(byte[] bytes, Optional<String> sheetName) {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
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
            throw new UncheckedIOException("not a readable Excel workbook (.xlsx or .xls): " + e.getMessage(), e);
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
        if (type == CellType.NUMERIC) {
            double value = cell.getNumericCellValue();
            if (value == Math.rint(value) && Math.abs(value) >= 1e15) {
                return "numeric cell " + new BigDecimal(value).toPlainString() + " cannot be read without loss: Excel keeps "
                        + "15 significant digits; store ID numbers as text";
            }
            String shown = formatter.formatCellValue(cell, evaluator);
            // Excel's "General" shows long whole numbers as 1.38001E+10: the digits, not the display
            return value == Math.rint(value) && shown.matches(".*\\d[Ee][+-]?\\d+.*") ? new BigDecimal(value).toPlainString()
                    : shown;
        }
        return formatter.formatCellValue(cell, evaluator);
    }
}
