package dev.exceptionledger.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL for the suite: one already running, else the system's cluster started, else embedded binaries
 * from Maven Central. The suite connects as {@link #USER} and keeps one database per service.
 */
public final class Postgres implements AutoCloseable {

    public static final int PORT = 5432;
    /** Local development credentials only; deployments take theirs from a Secret. */
    public static final String USER = "exledger";
    public static final String PASSWORD = "exledger";

    private final EmbeddedPostgres embedded;

    private Postgres(EmbeddedPostgres embedded) {
        this.embedded = embedded;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + PORT + "/" + database;
    }

    /**
     * Makes sure PostgreSQL answers on {@link #PORT} with the suite's role and the given databases.
     * The returned handle stops only what it started itself (embedded binaries); a system cluster stays up.
     */
    public static Postgres ensure(Path home, List<String> databases) throws IOException {
        Postgres postgres;
        if (canLogIn()) {
            postgres = new Postgres(null);
        } else if (Ports.isOpen(PORT) || startSystemCluster()) {
            createRoleAsSystemSuperuser();
            postgres = new Postgres(null);
        } else {
            postgres = new Postgres(startEmbedded(home.resolve("pgdata")));
        }
        postgres.createDatabases(databases);
        return postgres;
    }

    private static boolean canLogIn() {
        if (!Ports.isOpen(PORT)) {
            return false;
        }
        try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Debian's clusters (pg_lsclusters): start the first one. */
    private static boolean startSystemCluster() throws IOException {
        if (!onPath("pg_lsclusters")) {
            return false;
        }
        String clusters = output(List.of("pg_lsclusters", "--no-header"));
        if (clusters.isBlank() || clusters.startsWith("FAILED:")) {
            return false;
        }
        String[] first = clusters.lines().findFirst().orElseThrow().trim().split("\\s+");
        exec(List.of("pg_ctlcluster", first[0], first[1], "start"));
        Ports.await("system PostgreSQL " + first[0] + "/" + first[1], Duration.ofSeconds(30), () -> Ports.isOpen(PORT), null);
        return true;
    }

    private static void createRoleAsSystemSuperuser() throws IOException {
        String sql = "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "') THEN "
                + "CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'; END IF; END $$;";
        exec(List.of("runuser", "-u", "postgres", "--", "psql", "-q", "-c", sql));
    }

    private static EmbeddedPostgres startEmbedded(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(PORT).setDataDirectory(dataDir)
                .setCleanDataDirectory(false).start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "') THEN "
                    + "CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'; END IF; END $$;");
        } catch (SQLException e) {
            pg.close();
            throw new IOException("cannot create the role " + USER + " in embedded PostgreSQL", e);
        }
        return pg;
    }

    private void createDatabases(List<String> databases) throws IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
             Statement s = c.createStatement()) {
            for (String database : databases) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                s.execute("CREATE DATABASE " + database + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw new IOException("cannot create databases " + databases + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restarts the system's cluster serving {@link #PORT} as a crash would (immediate shutdown, then start with crash
     * recovery), for the fault tests. False if there is none online (embedded binaries live and die with devstack).
     */
    public static boolean restartSystemCluster() throws IOException {
        if (!onPath("pg_lsclusters")) {
            return false;
        }
        for (String line : output(List.of("pg_lsclusters", "--no-header")).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[2].equals(String.valueOf(PORT)) && f[3].startsWith("online")) {
                exec(List.of("pg_ctlcluster", f[0], f[1], "restart", "-m", "immediate"));
                return true;
            }
        }
        return false;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void exec(List<String> command) throws IOException {
        String out = output(command);
        if (out.startsWith("FAILED:")) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String output(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return p.waitFor() == 0 ? out : "FAILED: " + out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
