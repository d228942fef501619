package io.datarun.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.validation.ResidentIdNumber;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Workbooks as departments save them: .xls as well as .xlsx, and IDs typed into number cells. */
class XlsxFilesTest {
    static final String ID = "11010519491231002X";

    static byte[] workbook(Workbook workbook) throws IOException {
        try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            org.apache.poi.ss.usermodel.Sheet sheet = workbook.createSheet("居民");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("身份证号");
            header.createCell(1).setCellValue("手机");
            header.createCell(2).setCellValue("邮编");
            Row text = sheet.createRow(1);
            text.createCell(0).setCellValue(ID);
            text.createCell(1).setCellValue(13800138000d); // a mobile number typed as a number
            text.createCell(2).setCellValue("100020");
            Row number = sheet.createRow(2);
            number.createCell(0).setCellValue(110105194912310021d); // an ID typed as a number: Excel kept 15 digits
            workbook.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void whenTheWorkbookIsAnOldXlsThenItIsReadLikeAnXlsx() throws IOException {
        for (byte[] bytes : new byte[][] {workbook(new HSSFWorkbook()), workbook(new XSSFWorkbook())}) {
            Sheet sheet = XlsxFiles.read(bytes, Optional.empty());
            assertThat(sheet.header()).containsExactly("身份证号", "手机", "邮编");
            assertThat(sheet.rows().get(0).columns()).containsEntry("身份证号", ID).containsEntry("手机", "13800138000")
                    .containsEntry("邮编", "100020");
        }
    }

    @Test
    void whenAnIdNumberWasTypedIntoANumberCellThenItIsRefusedWithTheReasonNotReadWrong() throws IOException {
        Sheet sheet = XlsxFiles.read(workbook(new XSSFWorkbook()), Optional.empty());
        Object cell = sheet.rows().get(1).columns().get("身份证号");
        assertThat(cell).asString().startsWith("numeric cell 110105194912310016").contains("15 significant digits")
                .contains("store ID numbers as text");
        assertThat(ResidentIdNumber.problem(cell.toString())).isPresent(); // never published as somebody else's ID
    }
}
