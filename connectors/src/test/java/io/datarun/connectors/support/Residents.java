package io.datarun.connectors.support;

import io.datarun.schemas.validation.ResidentIdNumber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Rows of {@code hukou_residents} with valid (or deliberately broken) resident ID numbers. */
public final class Residents {
    private static final AtomicLong IDS = new AtomicLong(1000);
    private static final LocalDate BIRTH = LocalDate.of(1980, 1, 1);

    private Residents() {
    }

    /** One source row; {@code sfzh} is derived from {@code id}, so every row is its own subject. */
    public record Row(long id, String sfzh, LocalDateTime gxsj) {
    }

    public static Row valid(LocalDateTime gxsj) {
        long id = IDS.incrementAndGet();
        LocalDate birth = BIRTH.plusDays(id % 10_000);
        // sequence 001-999 with an odd last digit: a man, so xb '1' agrees with the number
        String first17 = "110105" + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%03d", (id % 499) * 2 + 1);
        return new Row(id, first17 + ResidentIdNumber.checkCharacter(first17), gxsj);
    }

    /** A row whose ID number has a wrong check character. */
    public static Row badChecksum(LocalDateTime gxsj) {
        Row row = valid(gxsj);
        char check = row.sfzh().charAt(17);
        char wrong = check == '0' ? '1' : '0';
        return new Row(row.id(), row.sfzh().substring(0, 17) + wrong, gxsj);
    }

    public static void insert(String url, List<Row> rows) {
        insert(url, TestDatabases.POSTGRES_USER, rows);
    }

    public static void insert(String url, String user, List<Row> rows) {
        try (Connection connection = TestDatabases.connect(url, user);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO hukou_residents"
                        + " (id, sfzh, xm, xb, csrq, mz, hh, hjdz, xzqh, gxsj) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Row row : rows) {
                insert.setLong(1, row.id());
                insert.setString(2, row.sfzh());
                insert.setString(3, "张三" + row.id());
                insert.setString(4, "1");
                insert.setObject(5, ResidentIdNumber.parseBirthDate(row.sfzh()).orElseThrow());
                insert.setString(6, "汉族");
                insert.setString(7, "H" + row.id());
                insert.setString(8, "北京市朝阳区某街道" + row.id() + "号");
                insert.setString(9, "110105");
                insert.setTimestamp(10, Timestamp.valueOf(row.gxsj()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String url) {
        try (Connection connection = TestDatabases.connect(url, TestDatabases.POSTGRES_USER);
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT count(*) FROM hukou_residents")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
