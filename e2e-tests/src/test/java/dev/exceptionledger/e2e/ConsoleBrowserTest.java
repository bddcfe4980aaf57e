package dev.exceptionledger.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.devstack.Service;
import dev.exceptionledger.devstack.SuiteClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console (port 8086) in a real browser: headless Chromium from Debian's {@code chromium} and
 * {@code chromium-driver} packages driven by Selenium, against the running suite ({@link LocalSuite}), signing in
 * through Keycloak's own login page. Every page visited is saved under {@code target/console-screenshots/}.
 */
@ExtendWith(LocalSuite.class)
class ConsoleBrowserTest {

    static final String CONSOLE = "http://127.0.0.1:8086";
    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final SuiteClient client = new SuiteClient();
    private WebDriver browser;
    private Path downloads;
    private String testName;
    private int shot;

    @BeforeEach
    void openBrowser(TestInfo test) throws IOException {
        testName = test.getTestMethod().orElseThrow().getName();
        downloads = Files.createDirectories(Path.of("target", "console-downloads", testName));
        try (Stream<Path> old = Files.list(downloads)) {
            old.forEach(f -> f.toFile().delete());
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--lang=en");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver"))).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void reviewerSeesTheFunnelClaimsAnItemAndRecordsAMissedOpportunity() {
        String interactionId = escalatedInteraction();
        JsonNode item = await().atMost(PIPELINE).until(() -> OpenReviews.itemFor(client, interactionId), i -> i != null);
        String itemId = item.path("id").asText();

        browser.get(CONSOLE + "/");
        assertTrue(browser.getCurrentUrl().startsWith("http://127.0.0.1:8180/realms/exledger/"),
                "an anonymous visitor goes to Keycloak's login: " + browser.getCurrentUrl());
        signIn("riley", "riley-local");

        // the funnel page: the picture carries the numbers of GET /ledger/funnel for the same days
        assertTrue(browser.getCurrentUrl().startsWith(CONSOLE + "/funnel"), browser.getCurrentUrl());
        long missedBefore = stageCount("reviewed.MISSED_OPPORTUNITY");
        assertFunnelMatchesTheLedger();
        assertFalse(browser.findElements(By.cssSelector("#daily-chart g.day")).isEmpty(), "the per-day chart");

        // the queue (its team's open items; other tests' items stay open): claim the item, the lease is visible
        browser.get(CONSOLE + "/queue?source=handoff&team=" + item.path("team").asText());
        page("queue");
        System.out.printf("console: funnel %d ms, queue %d ms from navigation to the load event (%d open items)%n",
                loadMillis(CONSOLE + "/funnel"), loadMillis(CONSOLE + "/queue"),
                client.get(Service.REVIEW, "/reviews?status=open&size=1", "reviewer").json().path("total").asLong());
        browser.get(CONSOLE + "/queue?source=handoff&team=" + item.path("team").asText());
        while (browser.findElements(By.cssSelector("#queue tr[data-interaction='" + interactionId + "']")).isEmpty()) {
            browser.findElement(By.linkText("next →")).click();
        }
        page("queue-page-with-the-item");
        rowOf(interactionId).findElement(By.cssSelector("button.claim-button")).click();
        page("queue-claimed");
        String lease = rowOf(interactionId).findElement(By.cssSelector(".claim")).getText();
        assertTrue(lease.matches("claimed by riley until \\d\\d:\\d\\d"), lease);

        // the item: conversation, contact, classification, timeline; verdict with the keyboard's 3
        rowOf(interactionId).findElement(By.cssSelector("a")).click();
        page("item");
        assertTrue(browser.findElement(By.id("conversation")).getText().contains("SAP"));
        assertTrue(browser.findElement(By.id("contact")).getText().contains("CFO"));
        assertTrue(browser.findElement(By.id("lease")).getText().contains("claimed by riley until"));
        assertFalse(browser.findElements(By.cssSelector("#timeline tr[data-type=InteractionRouted]")).isEmpty());
        new Actions(browser).sendKeys(browser.findElement(By.tagName("body")), "3").perform();
        assertTrue(browser.findElement(By.cssSelector("input[value=MISSED_OPPORTUNITY]")).isSelected(),
                "the key 3 chooses MISSED_OPPORTUNITY");
        assertTrue(browser.findElement(By.id("estimated-value")).isDisplayed(), "MISSED_OPPORTUNITY asks for a value");
        assertFalse(browser.findElement(By.id("correct-team")).isDisplayed(), "and not for a team");
        // the classifier's intent was right (a corrected one would teach the classifier, which other tests read)
        new Select(browser.findElement(By.id("correct-intent"))).selectByValue(item.path("intent").asText());
        browser.findElement(By.id("estimated-value")).sendKeys("25000");
        browser.findElement(By.id("note")).sendKeys("A CFO asking about SAP: a sales lead worth a call.");
        page("item-verdict-filled");
        browser.findElement(By.id("submit-verdict")).click();
        page("item-verdict-recorded");
        assertTrue(browser.findElement(By.id("done")).getText().contains("MISSED_OPPORTUNITY recorded"),
                browser.findElement(By.tagName("main")).getText());
        assertEquals("MISSED_OPPORTUNITY", browser.findElement(By.id("current-verdict")).getAttribute("data-verdict"));

        // the verdict in the ledger's timeline, as the console shows it
        await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.get(CONSOLE + "/queue/" + itemId);
            return !browser.findElements(By.cssSelector("#timeline tr[data-type=ReviewRecorded]")).isEmpty();
        });
        page("item-timeline");
        String recorded = browser.findElement(By.cssSelector("#timeline tr[data-type=ReviewRecorded]")).getText();
        assertTrue(recorded.contains("MISSED_OPPORTUNITY by riley") && recorded.contains("25,000"), recorded);

        // and in the funnel
        await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.get(CONSOLE + "/funnel");
            return stageCount("reviewed.MISSED_OPPORTUNITY") > missedBefore;
        });
        page("funnel-after-verdict");
        assertFunnelMatchesTheLedger();

        // the blind spots: the verdict counts among the missed opportunities of its intent
        browser.get(CONSOLE + "/blind-spots");
        page("blind-spots");
        WebElement cluster = browser.findElement(By.cssSelector("table[data-dimension=intent] tr[data-value='"
                + item.path("intent").asText() + "']"));
        assertTrue(Long.parseLong(cluster.getAttribute("data-missed")) >= 1, cluster.getText());

        // a reviewer is refused the compliance pages
        browser.get(CONSOLE + "/compliance");
        page("compliance-refused");
        assertEquals("403", browser.findElement(By.id("refused")).getAttribute("data-status"));
        assertTrue(browser.findElement(By.id("refused")).getText().contains("needs role compliance"),
                browser.findElement(By.id("refused")).getText());
        assertTrue(browser.findElements(By.linkText("Compliance")).isEmpty(), "no link to a page the roles do not open");

        browser.findElement(By.id("sign-out")).click();
        page("signed-out");
        assertTrue(browser.getCurrentUrl().startsWith(CONSOLE + "/signed-out"), browser.getCurrentUrl());
        browser.get(CONSOLE + "/funnel");
        assertTrue(browser.getCurrentUrl().startsWith("http://127.0.0.1:8180/"), "signed out for good");
        page("after-sign-out");
    }

    @Test
    void complianceDownloadsAReplayOpensATimelineAndErasesAContact() throws IOException {
        // a contact of its own: the erasure must touch no other test's interactions
        String email = "erase-me-" + UUID.randomUUID() + "@example.com";
        String interactionId = escalatedInteraction(email);
        await().atMost(PIPELINE).until(() -> client.get(Service.LEDGER, "/ledger/interactions/" + interactionId,
                "compliance").status() == 200);

        browser.get(CONSOLE + "/compliance");
        signIn("casey", "casey-local");
        assertTrue(browser.getCurrentUrl().startsWith(CONSOLE + "/compliance"), browser.getCurrentUrl());
        page("compliance");

        browser.findElement(By.id("verify-button")).click();
        page("compliance-verified");
        assertFalse(browser.findElements(By.id("chain-intact")).isEmpty(), browser.findElement(By.id("verify")).getText());

        browser.findElement(By.cssSelector("#lookup input[name=interactionId]")).sendKeys(interactionId);
        browser.findElement(By.cssSelector("#lookup button")).click();
        page("interaction");
        assertFalse(browser.findElements(By.cssSelector("#timeline tr[data-type=InteractionClassified]")).isEmpty());
        assertTrue(browser.findElement(By.id("timeline")).getText().contains("taxonomy"), "versions per decision");

        browser.get(CONSOLE + "/compliance");
        browser.findElement(By.cssSelector("#replay input[name=type]")).sendKeys("InteractionReceived");
        browser.findElement(By.id("replay-button")).click();
        Path replay = await().atMost(Duration.ofSeconds(30)).until(() -> downloaded(".ndjson"), p -> p != null);
        List<String> lines = Files.readAllLines(replay);
        assertFalse(lines.isEmpty());
        boolean found = false;
        for (String line : lines) {
            JsonNode event = Json.read(line, JsonNode.class);
            assertEquals("InteractionReceived", event.path("type").asText(), line);
            found |= interactionId.equals(event.path("interactionId").asText());
        }
        assertTrue(found, "today's replay has the interaction posted by this test");

        // erasure, confirmed by typing the contact's id
        browser.get(CONSOLE + "/compliance");
        browser.findElement(By.cssSelector("#erasure input[name=contact]")).sendKeys(email);
        browser.findElement(By.cssSelector("#erasure button")).click();
        page("erasure-confirm");
        String contactId = browser.findElement(By.id("contact-id")).getText();
        browser.findElement(By.cssSelector("#confirm-erasure input[name=confirm]")).sendKeys(contactId);
        browser.findElement(By.cssSelector("#confirm-erasure button")).click();
        page("erased");
        assertTrue(browser.findElement(By.id("erased")).getText().startsWith("ERASED: contact " + contactId),
                browser.findElement(By.tagName("main")).getText());
        browser.get(CONSOLE + "/interactions/" + interactionId);
        page("interaction-erased");
        assertTrue(browser.findElement(By.cssSelector("#timeline tr[data-type=InteractionReceived]")).getText()
                .contains("(personal data erased)"), browser.findElement(By.id("timeline")).getText());

        // compliance may not open the review queue (the review API is for reviewers)
        browser.get(CONSOLE + "/queue");
        page("queue-refused");
        assertEquals("403", browser.findElement(By.id("refused")).getAttribute("data-status"));
    }

    @Test
    void aPolicyAdminSeesEachProblemOfACandidateBesideItsLine() {
        browser.get(CONSOLE + "/");
        signIn("pat", "pat-local");
        assertTrue(browser.getCurrentUrl().startsWith(CONSOLE + "/policy"), browser.getCurrentUrl());
        page("policy");
        assertTrue(browser.findElement(By.id("active-policy")).getText().startsWith("Active: "));
        WebElement candidate = browser.findElement(By.cssSelector("#validate textarea"));
        String active = candidate.getAttribute("value");
        assertTrue(active.contains("rules:"), "the active policy's document to start from");

        browser.findElement(By.cssSelector("#validate button")).click();
        page("policy-valid");
        assertTrue(browser.findElement(By.id("validation")).getText().startsWith("valid"),
                browser.findElement(By.id("validation")).getText());

        browser.findElement(By.id("backtest-button")).click();
        page("policy-backtest");
        assertTrue(browser.findElement(By.cssSelector("#backtest h2")).getText().matches(
                "Backtest .*: 0 of \\d+ interactions would move"), browser.findElement(By.cssSelector("#backtest h2")).getText());
        assertFalse(browser.findElements(By.cssSelector("#backtest-outcomes tr")).isEmpty());

        candidate = browser.findElement(By.cssSelector("#validate textarea"));
        candidate.clear();
        candidate.sendKeys("version: broken\nrules:\n  - id: a\n    when: {bogus: 1}\n");
        browser.findElement(By.cssSelector("#validate button")).click();
        page("policy-problems");
        WebElement line4 = browser.findElements(By.cssSelector("#candidate-lines tr")).get(3);
        assertTrue(line4.getText().contains("unknown field 'bogus'"), line4.getText());

        browser.get(CONSOLE + "/funnel");
        page("funnel-refused");
        assertEquals("403", browser.findElement(By.id("refused")).getAttribute("data-status"));
    }

    /** Milliseconds from navigating to the page to its load event, as the browser measured them. */
    private long loadMillis(String url) {
        browser.get(url);
        return (Long) ((JavascriptExecutor) browser).executeScript(
                "var t = performance.getEntriesByType('navigation')[0]; return Math.round(t.loadEventEnd - t.startTime);");
    }

    /** The CFO case of FunnelEndToEndTest, which the shipped policy escalates. */
    private String escalatedInteraction() {
        return escalatedInteraction("dana@meridian.example");
    }

    private String escalatedInteraction(String email) {
        SuiteClient.Reply accepted = client.postInteraction("""
                {"channel":"email","subject":"Quick question",
                 "text":"Does your platform integrate with our ERP? We run SAP for finance and need invoices to sync.",
                 "contact":{"name":"Dana Reyes","email":"%s","title":"CFO","company":"Meridian","companySize":800},
                 "agentDecision":{"label":"low_priority_technical_question","confidence":0.55,"action":"closed"},
                 "externalId":"console-%s"}""".formatted(email, UUID.randomUUID()));
        assertEquals(202, accepted.status(), accepted.body());
        return accepted.json().get("interactionId").asText();
    }

    /** Keycloak's own login page: the form its theme renders. */
    private void signIn(String user, String password) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        page("keycloak-login-" + user);
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(CONSOLE));
        page("signed-in-" + user);
        assertEquals(user, browser.findElement(By.id("who")).getText().split(" ")[0]);
    }

    /** The funnel page's received, accepted and escalated stages equal the ledger's for the page's days. */
    private void assertFunnelMatchesTheLedger() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String query = "/ledger/funnel?from=" + today.minusDays(13).atStartOfDay(ZoneOffset.UTC).toInstant()
                + "&to=" + today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // traffic of other tests may land between the two reads: the page's numbers lie between them
        JsonNode before = client.get(Service.LEDGER, query, "reviewer").json();
        browser.navigate().refresh();
        page("funnel");
        JsonNode after = client.get(Service.LEDGER, query, "reviewer").json();
        for (String[] stage : new String[][] {{"received", "/received"}, {"accepted", "/accepted"},
                {"routed.ESCALATED", "/routed/ESCALATED"}, {"reviewed.MISSED_OPPORTUNITY", "/reviewed/MISSED_OPPORTUNITY"}}) {
            long shown = stageCount(stage[0]);
            long low = before.at(stage[1]).asLong();
            long high = after.at(stage[1]).asLong();
            assertTrue(low <= shown && shown <= high, stage[0] + ": page " + shown + ", ledger " + low + ".." + high);
        }
        assertTrue(before.path("received").asLong() > 0, "the funnel has traffic");
    }

    private long stageCount(String stage) {
        return Long.parseLong(browser.findElement(By.cssSelector("#funnel-chart g[data-stage='" + stage + "']"))
                .getAttribute("data-count"));
    }

    private WebElement rowOf(String interactionId) {
        return browser.findElement(By.cssSelector("#queue tr[data-interaction='" + interactionId + "']"));
    }

    private Path downloaded(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.toString().endsWith(suffix)).findFirst().orElse(null);
        }
    }

    /** Saves a screenshot of the whole page the browser shows: target/console-screenshots/TEST-NN-NAME.png. */
    private void page(String name) {
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return Math.max(document.documentElement.scrollHeight, 600)");
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 120, 4000)));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        browser.manage().window().setSize(new Dimension(1280, 1100));
        try {
            Files.write(SCREENSHOTS.resolve("%s-%02d-%s.png".formatted(testName, ++shot, name)), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian's chromium and chromium-driver (.ci/run installs them). */
    private static String executable(String name) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/lib/chromium")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: apt-get install chromium chromium-driver");
    }
}
