package io.datarun.connectors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a query the way camel-sql does with {@code :#name}: positional parameters bound from the map, in order. */
final class NamedParameterSql {
    private static final Pattern NAMED = Pattern.compile(":#(\\w+)");

    private NamedParameterSql() {
    }

    static List<Map<String, Object>> run(Connection connection, String sql, Map<String, Object> parameters)
            throws SQLException {
        Matcher matcher = NAMED.matcher(sql);
        List<Object> values = new ArrayList<>();
        while (matcher.find()) {
            values.add(parameters.get(matcher.group(1)));
        }
        try (PreparedStatement statement = connection.prepareStatement(matcher.replaceAll("?"))) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
