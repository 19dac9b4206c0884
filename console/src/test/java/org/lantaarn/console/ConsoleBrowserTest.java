package org.lantaarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.lantaarn.sim.DemoCity;
import org.lantaarn.sim.city.Scenario;
import org.lantaarn.testkit.MosquittoBroker;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The console in a real headless Chromium against one demo city of 20 lampposts, shared by every test. The
 * scenario's day is compressed (one hour in 15 s) and starts at 20:00, so the evening event's crowd peak (21:30
 * near the square, lampposts 10–14) comes about 25 s after the start. Each test saves a screenshot under
 * {@code target/screenshots/}. Skipped, with the reason, only where Chromium or its driver is not installed;
 * CI installs both and fails when these tests were skipped.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private DemoCity city;
    private ChromeDriver browser;
    private Path profile;
    private String url;

    @BeforeAll
    void startDemoAndBrowser() throws IOException {
        Chromium.assumeInstalled();
        Path data = Files.createTempDirectory("lantaarn-console-test");
        city = DemoCity.start(new DemoCity.Options(MosquittoBroker.freePort(), 0, 20, data, Duration.ofSeconds(5),
                Duration.ofMinutes(6), 20.0, null));
        url = city.consoleUrl();
        profile = Files.createTempDirectory("lantaarn-chromium");
        browser = Chromium.start(profile);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (city != null) {
            city.close();
        }
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        if (browser != null) {
            Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, SHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void open(String token) {
        browser.get(url);
        ((JavascriptExecutor) browser).executeScript(token == null
                ? "sessionStorage.removeItem('lantaarn.token')" : "sessionStorage.setItem('lantaarn.token', arguments[0])", token);
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(30)).until(() -> markers().size() == 20);
    }

    private List<WebElement> markers() {
        return browser.findElements(By.cssSelector("#map path.lt-marker"));
    }

    @Test
    @Order(1)
    void console_loads_with_no_browser_errors_and_shows_twenty_markers() {
        open(null);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                browser.findElements(By.cssSelector("#map path.lt-marker[data-state='online']")).size() == 20);
        assertThat(markers()).hasSize(20);
        assertThat(browser.findElement(By.id("fleet-summary")).getText()).contains("20");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("errors in the browser's console log").isEmpty();
    }

    @Test
    @Order(2)
    void clicking_a_marker_opens_its_panel_with_a_chart_of_its_windows() {
        open(null);
        WebElement marker = browser.findElement(By.cssSelector("#map path.lt-marker[data-node='hinthamerstraat-07']"));
        new Actions(browser).moveToElement(marker).click().perform();
        WebElement panel = browser.findElement(By.id("panel"));
        await().atMost(Duration.ofSeconds(20)).until(panel::isDisplayed);
        assertThat(browser.findElement(By.id("panel-title")).getText()).isEqualTo("hinthamerstraat-07");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            // new windows arrive every 5 s; re-pick the stream so the chart is drawn afresh
            browser.findElement(By.cssSelector("#stream-buttons button")).click();
            return !browser.findElements(By.cssSelector("#chart .uplot canvas")).isEmpty()
                    && Integer.parseInt(browser.findElement(By.id("chart")).getDomAttribute("data-windows")) >= 2;
        });
        assertThat(browser.findElement(By.id("panel-facts")).getText()).contains("Outbox").contains("Rollout").contains("Last ack");
    }

    @Test
    @Order(3)
    void street_view_shows_the_evening_event_peak_near_the_square() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> city.scenario().hour(Instant.now()) > Scenario.EVENT_PEAK + 0.25);
        open(null);
        browser.findElement(By.id("tab-street")).click();
        WebElement caption = browser.findElement(By.id("heat-caption"));
        await().atMost(Duration.ofSeconds(30)).until(() -> caption.getDomAttribute("data-peak-value") != null
                && !caption.getDomAttribute("data-peak-value").isEmpty());
        int post = Integer.parseInt(caption.getDomAttribute("data-peak-post"));
        double peak = Double.parseDouble(caption.getDomAttribute("data-peak-value"));
        double median = Double.parseDouble(caption.getDomAttribute("data-median"));
        assertThat(post).as("the lamppost with the most people: %s", caption.getText()).isBetween(9, 15);
        assertThat(peak).as("peak against the median window").isGreaterThan(2 * median);
        assertThat(caption.getText()).startsWith("Peak:");
    }

    @Test
    @Order(4)
    void a_stopped_node_turns_offline_on_the_map_within_ten_seconds_without_a_reload() {
        open(null);
        By node = By.cssSelector("#map path.lt-marker[data-node='hinthamerstraat-05']");
        await().atMost(Duration.ofSeconds(30)).until(() -> "online".equals(browser.findElement(node).getDomAttribute("data-state")));
        Object page = ((JavascriptExecutor) browser).executeScript("return window.performance.timeOrigin");
        city.sim().runtimes().get(4).close();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> "offline".equals(browser.findElement(node).getDomAttribute("data-state")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.performance.timeOrigin"))
                .as("the same page, not a reload").isEqualTo(page);
        assertThat(markers()).hasSize(20);
    }

    @Test
    @Order(5)
    void a_viewer_token_sees_no_rollout_controls_and_an_operator_token_does() {
        open(city.viewer());
        new Actions(browser).moveToElement(markers().get(0)).click().perform();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("panel")).isDisplayed());
        assertThat(browser.findElement(By.id("who")).getText()).contains("viewer");
        assertThat(browser.findElements(By.id("rollout-form"))).as("rollout controls for a viewer").isEmpty();
        assertThat(browser.findElements(By.id("tab-audit"))).isEmpty();

        open(city.operator());
        new Actions(browser).moveToElement(markers().get(0)).click().perform();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("rollout-form")).isDisplayed());
        assertThat(browser.findElement(By.id("tab-audit")).isDisplayed()).isTrue();
    }

    @Test
    @Order(6)
    void every_page_and_api_response_carries_a_strict_content_security_policy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "js/app.js", "api/v1/nodes", "metrics")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("default-src 'none'").contains("script-src 'self'").contains("style-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        }
        open(null); // and the browser enforced it without complaint
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getMessage().contains("Content Security Policy")).toList()).isEmpty();
    }

    @Test
    @Order(7)
    void a_keyboard_user_opens_a_lamppost_from_the_list_and_the_console_speaks_dutch() {
        open(null);
        WebElement item = browser.findElement(By.cssSelector("#node-list button[data-node='hinthamerstraat-03']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus()", item);
        // the list is updated in place on every fleet event, so the focus stays on the item meanwhile
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.id("fleet-summary")).getText().contains("20"));
        assertThat(browser.switchTo().activeElement().getDomAttribute("data-node")).isEqualTo("hinthamerstraat-03");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("panel")).isDisplayed());
        assertThat(browser.findElement(By.id("panel-title")).getText()).isEqualTo("hinthamerstraat-03");

        new Select(browser.findElement(By.id("lang"))).selectByValue("nl");
        assertThat(browser.findElement(By.id("tab-street")).getText()).isEqualTo("Straat");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("nl");
        assertThat(browser.findElement(By.id("fleet-summary")).getText()).contains("20 lantaarnpalen");
        new Select(browser.findElement(By.id("lang"))).selectByValue("en");
    }
}
