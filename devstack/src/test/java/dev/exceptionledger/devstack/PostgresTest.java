package dev.exceptionledger.devstack;

import dev.exceptionledger.devstack.Postgres.Cluster;
import dev.exceptionledger.devstack.Postgres.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresTest {

    /** A machine as discovery sees it, noting what discovery asked. */
    private static final class FakeMachine implements Postgres.Machine {
        private final boolean canLogIn;
        private final boolean portOpen;
        private final boolean hasSystemCluster;
        final List<String> asked = new ArrayList<>();

        FakeMachine(boolean canLogIn, boolean portOpen, boolean hasSystemCluster) {
            this.canLogIn = canLogIn;
            this.portOpen = portOpen;
            this.hasSystemCluster = hasSystemCluster;
        }

        @Override
        public boolean canLogIn() {
            asked.add("canLogIn");
            return canLogIn;
        }

        @Override
        public boolean portOpen() {
            asked.add("portOpen");
            return portOpen;
        }

        @Override
        public boolean startSystemCluster() {
            asked.add("startSystemCluster");
            return hasSystemCluster;
        }
    }

    @Test
    void usesAPostgresThatLetsTheSuitesRoleInAndStartsNothing() throws Exception {
        FakeMachine machine = new FakeMachine(true, true, true);

        assertEquals(Source.RUNNING, Postgres.discover(machine));
        assertEquals(List.of("canLogIn"), machine.asked);
    }

    @Test
    void takesTheSystemsPostgresAnsweringWithoutTheRoleAndStartsNoClusterBesideIt() throws Exception {
        FakeMachine machine = new FakeMachine(false, true, true);

        assertEquals(Source.SYSTEM, Postgres.discover(machine));
        assertEquals(List.of("canLogIn", "portOpen"), machine.asked);
    }

    @Test
    void startsTheSystemsClusterWhenNothingAnswers() throws Exception {
        FakeMachine machine = new FakeMachine(false, false, true);

        assertEquals(Source.SYSTEM, Postgres.discover(machine));
        assertEquals(List.of("canLogIn", "portOpen", "startSystemCluster"), machine.asked);
    }

    @Test
    void fallsBackToEmbeddedBinariesWithoutASystemCluster() throws Exception {
        FakeMachine machine = new FakeMachine(false, false, false);

        assertEquals(Source.EMBEDDED, Postgres.discover(machine));
        assertEquals(List.of("canLogIn", "portOpen", "startSystemCluster"), machine.asked);
    }

    @Test
    void readsDebiansClusterListing() {
        String output = """
                15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log
                16  replica 5433 down   postgres /var/lib/postgresql/16/replica /var/log/postgresql/postgresql-16-replica.log
                17  fresh   5434 online,recovery postgres /var/lib/postgresql/17/fresh /var/log/postgresql/postgresql-17-fresh.log
                """;

        List<Cluster> clusters = Cluster.parse(output);

        assertEquals(List.of(new Cluster("15", "main", 5432, "online"), new Cluster("16", "replica", 5433, "down"),
                new Cluster("17", "fresh", 5434, "online,recovery")), clusters);
        assertEquals(List.of(true, false, true), clusters.stream().map(Cluster::online).toList());
    }

    @Test
    void findsNoClusterInAnEmptyHeaderOnlyOrFailedListing() {
        assertEquals(List.of(), Cluster.parse(""));
        assertEquals(List.of(), Cluster.parse("Ver Cluster Port Status Owner Data directory Log file\n"));
        assertEquals(List.of(), Cluster.parse("FAILED: Error: Invalid data directory\n"));
    }

    /** Against this machine's PostgreSQL, whichever source discovery picks (the tests' lock keeps it to one run). */
    @Test
    void createsTheDatabasesTheSuiteLacksAndKeepsThoseItHas(@TempDir Path home) throws Exception {
        String database = "devstack_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Postgres postgres = Postgres.ensure(home, List.of(database))) {
            try {
                assertEquals(Postgres.USER, owner(database));
                try (Postgres again = Postgres.ensure(home, List.of(database))) {
                    assertFalse(again.isEmbedded(), "the first one lets the suite's role in: nothing to start");
                    assertEquals(Postgres.USER, owner(database), "still there, still the suite's");
                }
            } finally {
                try (Connection c = DriverManager.getConnection(Postgres.jdbcUrl("postgres"), Postgres.USER,
                        Postgres.PASSWORD); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE " + database);
                }
            }
        }
    }

    private static String owner(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(Postgres.jdbcUrl(database), Postgres.USER, Postgres.PASSWORD);
             PreparedStatement select = c.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database "
                     + "WHERE datname = ?")) {
            select.setString(1, database);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), database + " exists");
                return rs.getString(1);
            }
        }
    }
}
