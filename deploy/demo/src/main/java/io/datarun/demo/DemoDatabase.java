package io.datarun.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The public security bureau's departmental table as the demo's JDBC connector finds it:
 * {@code hukou_residents} with the column names such systems use (pinyin initials). Works on
 * H2 and PostgreSQL with the same SQL, bound parameters only. Seeding is idempotent: a row
 * whose id is already present is left alone, so a second seed inserts nothing and a larger
 * count only tops up.
 */
public final class DemoDatabase {
    public static final String TABLE = "hukou_residents";
    /** Local date-times in the table are China Standard Time, as the source system writes them. */
    public static final ZoneId SOURCE_ZONE = ZoneId.of("Asia/Shanghai");

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "id BIGINT PRIMARY KEY, "
            + "sfzh VARCHAR(18), "     // 公民身份号码
            + "xm VARCHAR(50), "       // 姓名
            + "xb CHAR(1), "           // 性别: 1 male, 2 female
            + "csrq DATE, "            // 出生日期
            + "mz VARCHAR(20), "       // 民族
            + "hh VARCHAR(20), "       // 户号
            + "hjdz VARCHAR(200), "    // 户籍地址
            + "xzqh CHAR(6), "         // 行政区划代码
            + "gxsj TIMESTAMP)";       // 更新时间
    static final String CREATE_INDEX = "CREATE INDEX IF NOT EXISTS " + TABLE + "_gxsj ON " + TABLE + " (gxsj, id)";
    static final String INSERT = "INSERT INTO " + TABLE
            + " (id, sfzh, xm, xb, csrq, mz, hh, hjdz, xzqh, gxsj) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int BATCH = 500;
    private static final Logger LOG = Logger.getLogger(DemoDatabase.class.getName());

    private final Clock clock;

    public DemoDatabase(Clock clock) {
        this.clock = clock;
    }

    public DemoDatabase() {
        this(Clock.systemUTC());
    }

    /** Creates the table and its update-time index when absent. */
    public void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
            statement.execute(CREATE_INDEX);
        }
    }

    /**
     * Creates the table if needed and inserts the residents whose id is not there yet, in one
     * transaction. gxsj is the seeding time (to the hour) less each resident's
     * {@link DemoResident#hoursBeforeSeed()}.
     *
     * @return the number of rows inserted
     */
    public int seed(Connection connection, List<DemoResident> residents) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            createSchema(connection);
            Set<Long> present = existingIds(connection);
            LocalDateTime seededAt = LocalDateTime.now(clock.withZone(SOURCE_ZONE)).truncatedTo(ChronoUnit.HOURS);
            int inserted = 0;
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (DemoResident resident : residents) {
                    if (present.contains(resident.id())) {
                        continue;
                    }
                    bind(insert, resident, seededAt.minusHours(resident.hoursBeforeSeed()));
                    insert.addBatch();
                    if (++inserted % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                if (inserted % BATCH != 0) {
                    insert.executeBatch();
                }
            }
            connection.commit();
            int added = inserted;
            LOG.fine(() -> TABLE + ": inserted " + added + ", kept " + present.size() + " already present");
            return inserted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The number of rows in the table, which must exist (see {@link #createSchema}). */
    public long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Set<Long> existingIds(Connection connection) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM " + TABLE)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private static void bind(PreparedStatement insert, DemoResident resident, LocalDateTime updatedAt)
            throws SQLException {
        insert.setLong(1, resident.id());
        insert.setString(2, resident.residentId());
        insert.setString(3, resident.name());
        insert.setString(4, resident.gender().code());
        insert.setObject(5, resident.birthDate());
        insert.setString(6, resident.ethnicity());
        insert.setString(7, resident.householdNumber());
        insert.setString(8, resident.address());
        insert.setString(9, resident.divisionCode());
        insert.setObject(10, updatedAt);
    }
}
