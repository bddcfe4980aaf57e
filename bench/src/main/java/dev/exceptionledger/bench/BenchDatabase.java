package dev.exceptionledger.bench;

import dev.exceptionledger.devstack.Postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A database of the bench's own on the local PostgreSQL (the suite's role, which may create databases), so that a
 * bench never touches the suite's or the tests' data.
 */
public final class BenchDatabase {

    private BenchDatabase() { }

    /** Drops what an earlier run may have left and creates the database empty. */
    public static void create(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name + " OWNER " + Postgres.USER);
    }

    public static void drop(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name);
    }

    public static Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(Postgres.jdbcUrl(name), Postgres.USER, Postgres.PASSWORD);
    }

    /** A packaged service's connection to it (its prod profile reads these variables). */
    public static Map<String, String> serviceEnvironment(String name) {
        return Map.of("DB_URL", Postgres.jdbcUrl(name), "DB_USER", Postgres.USER, "DB_PASSWORD", Postgres.PASSWORD);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
