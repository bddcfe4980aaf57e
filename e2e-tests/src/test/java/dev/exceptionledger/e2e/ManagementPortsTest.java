package dev.exceptionledger.e2e;

import dev.exceptionledger.devstack.Metrics;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import dev.exceptionledger.devstack.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged suite as a platform's Prometheus sees it: health and metrics on each service's management port
 * (port + 100) without a token, the suite's own counters among them, and neither on the public ports.
 */
@ExtendWith(LocalSuite.class)
class ManagementPortsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void metricsAreOnTheManagementPortWithoutATokenAndNotOnThePublicPort() throws Exception {
        String channel = "partner";
        double before = Metrics.scrape("http://127.0.0.1:8181/q/metrics")
                .value("exledger_interactions_received_total", "channel", channel);
        SuiteClient.Reply posted = new SuiteClient().postInteraction("{\"channel\": \"" + channel + "\", \"text\": "
                + "\"Could we resell your platform to our customers in Benelux?\", \"externalId\": \"mgmt-"
                + UUID.randomUUID() + "\"}");
        assertEquals(202, posted.status(), posted.body());

        HttpResponse<String> metrics = get("http://127.0.0.1:8181/q/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("exledger_interactions_received_total"), "the suite's own counters");
        assertEquals(before + 1, Metrics.of(metrics.body())
                .value("exledger_interactions_received_total", "channel", channel));

        HttpResponse<String> publicPort = get("http://127.0.0.1:8081/q/metrics", null);
        assertNotEquals(200, publicPort.statusCode(), "the public port serves no metrics");
        assertTrue(publicPort.statusCode() == 401 || publicPort.statusCode() == 404, "" + publicPort.statusCode());
        HttpResponse<String> withToken = get("http://127.0.0.1:8081/q/metrics", Tokens.forRole("intake"));
        assertEquals(404, withToken.statusCode(), "not even with a token");
        assertFalse(withToken.body().contains("exledger_"));
    }

    @Test
    void everyServiceAndTheConsoleAnswerHealthAndMetricsOnTheirManagementPort() throws Exception {
        for (Service service : Service.values()) {
            assertEquals(200, get(service.managementUrl(1, "/q/health/ready"), null).statusCode(), service.module);
            assertEquals(200, get(service.managementUrl(1, "/q/metrics"), null).statusCode(), service.module);
            assertEquals(401, get(service.url("/q/health/ready"), null).statusCode(), service.module);
        }
        assertEquals(200, get("http://127.0.0.1:8186/q/health/ready", null).statusCode(), "console");
        assertTrue(get("http://127.0.0.1:8186/q/metrics", null).body().contains("jvm_memory_used_bytes"), "console");
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
