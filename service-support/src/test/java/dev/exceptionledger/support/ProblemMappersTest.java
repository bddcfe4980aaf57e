package dev.exceptionledger.support;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aRestartingDatabaseIsA503ToRetryNotA500() {
        Response response = mappers.unexpected(new IllegalStateException("cannot hand out subject keys",
                new SQLException("FATAL: the database system is starting up", "57P03")));

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString(HttpHeaders.RETRY_AFTER));
        assertEquals("https://exceptionledger.dev/problems/database-unavailable", ((Problem) response.getEntity()).type());
    }

    @Test
    void aBugIsStillA500() {
        Response response = mappers.unexpected(new IllegalStateException("x",
                new SQLException("syntax error", "42601")));

        assertEquals(500, response.getStatus());
    }
}
