package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.exceptionledger.review.ReviewStack.ASYNC;
import static dev.exceptionledger.review.ReviewStack.compliance;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@TestProfile(AuditScheduleTest.EveryTwoSeconds.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class AuditScheduleTest {

    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("review.audit.cron", "0/2 * * * * ?");
        }
    }

    @Test
    void theCronFromConfigurationRunsTheSamplingAndEachRunContinuesThePrevious() {
        List<Map<String, Object>> runs = await().atMost(ASYNC).until(() -> given().auth().oauth2(compliance())
                .get("/audit-runs").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("items"),
                items -> items.size() >= 2);
        assertThat(runs.get(0).get("trigger"), is("schedule"));
        // the latest first; each window starts where the one before ended
        assertThat(runs.get(0).get("windowFrom"), is(runs.get(1).get("windowTo")));
    }
}
