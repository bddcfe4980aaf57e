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
import java.util.ArrayList;
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

    /** Where the suite's PostgreSQL comes from, tried in this order. */
    enum Source {
        /** one already running that lets the suite's role in */
        RUNNING,
        /** the system's: answering on the port without the suite's role, or a cluster started now */
        SYSTEM,
        /** binaries from Maven Central */
        EMBEDDED
    }

    /** What discovery asks of the machine. */
    interface Machine {
        boolean canLogIn();

        boolean portOpen();

        /** Starts a system cluster; false when there is none. */
        boolean startSystemCluster() throws IOException;
    }

    /** A line of Debian's {@code pg_lsclusters}: version, name, port and status (online, down, …). */
    record Cluster(String version, String name, int port, String status) {

        /** The clusters {@code pg_lsclusters --no-header} lists; lines it could not mean are skipped. */
        static List<Cluster> parse(String output) {
            List<Cluster> clusters = new ArrayList<>();
            for (String line : output.lines().toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[2].matches("\\d+")) {
                    clusters.add(new Cluster(f[0], f[1], Integer.parseInt(f[2]), f[3]));
                }
            }
            return clusters;
        }

        boolean online() {
            return status.startsWith("online");
        }
    }

    private static final Machine THIS_MACHINE = new Machine() {
        @Override
        public boolean canLogIn() {
            return Postgres.canLogIn();
        }

        @Override
        public boolean portOpen() {
            return Ports.isOpen(PORT);
        }

        @Override
        public boolean startSystemCluster() throws IOException {
            return Postgres.startSystemCluster();
        }
    };

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
        Source source = discover(THIS_MACHINE);
        if (source == Source.SYSTEM) {
            createRoleAsSystemSuperuser();
        }
        Postgres postgres = new Postgres(source == Source.EMBEDDED ? startEmbedded(home.resolve("pgdata")) : null);
        postgres.createDatabases(databases);
        return postgres;
    }

    /** The first source that answers; a system cluster is started only when nothing answers on the port. */
    static Source discover(Machine machine) throws IOException {
        if (machine.canLogIn()) {
            return Source.RUNNING;
        }
        if (machine.portOpen() || machine.startSystemCluster()) {
            return Source.SYSTEM;
        }
        return Source.EMBEDDED;
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
        String output = output(List.of("pg_lsclusters", "--no-header"));
        List<Cluster> clusters = output.startsWith("FAILED:") ? List.of() : Cluster.parse(output);
        if (clusters.isEmpty()) {
            return false;
        }
        Cluster first = clusters.get(0);
        exec(List.of("pg_ctlcluster", first.version(), first.name(), "start"));
        Ports.await("system PostgreSQL " + first.version() + "/" + first.name(), Duration.ofSeconds(30),
                () -> Ports.isOpen(PORT), null);
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
        for (Cluster cluster : Cluster.parse(output(List.of("pg_lsclusters", "--no-header")))) {
            if (cluster.port() == PORT && cluster.online()) {
                exec(List.of("pg_ctlcluster", cluster.version(), cluster.name(), "restart", "-m", "immediate"));
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
