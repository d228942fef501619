package io.datarun.connectors.support;

import io.datarun.schemas.validation.ResidentIdNumber;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Household-registry spreadsheets as departments drop them: Chinese headers, CSV (any encoding) or XLSX. */
public final class Spreadsheet {
    public static final List<String> HEADER = List.of("身份证号", "姓名", "性别", "出生日期", "民族", "户号", "户籍地址",
            "行政区划", "更新时间");

    /** A declaration's {@code mapping:} of these headers (the last key of a declaration, unindented). */
    public static final String MAPPING = """
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
            """;

    private Spreadsheet() {
    }

    /** The cells of one row for a resident; the birth date in the Chinese style 1980年1月2日. */
    public static List<String> cells(Residents.Row row) {
        LocalDate birth = ResidentIdNumber.parseBirthDate(row.sfzh()).orElse(LocalDate.of(1980, 1, 1));
        return List.of(row.sfzh(), "张三" + row.id(), "男",
                birth.getYear() + "年" + birth.getMonthValue() + "月" + birth.getDayOfMonth() + "日", "汉族",
                "H" + row.id(), "北京市朝阳区某街道" + row.id() + "号", "110105", row.gxsj().withNano(0).toString());
    }

    public static byte[] csv(List<Residents.Row> rows, Charset charset) {
        StringBuilder text = new StringBuilder(String.join(",", HEADER)).append("\r\n");
        rows.forEach(r -> text.append(String.join(",", cells(r))).append("\r\n"));
        return text.toString().getBytes(charset);
    }

    /** An XLSX workbook whose birth dates are real date cells, as Excel stores them. */
    public static byte[] xlsx(List<Residents.Row> rows) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("户籍");
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADER.size(); c++) {
                header.createCell(c).setCellValue(HEADER.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                List<String> cells = new ArrayList<>(cells(rows.get(r)));
                for (int c = 0; c < cells.size(); c++) {
                    Cell cell = row.createCell(c);
                    if (c == 3) {
                        cell.setCellValue(ResidentIdNumber.parseBirthDate(rows.get(r).sfzh()).orElseThrow());
                        cell.setCellStyle(date);
                    } else {
                        cell.setCellValue(cells.get(c));
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
