package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.TopicStats;
import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.Match;
import dev.wirewatch.matcher.TopicMatcher;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromium-driver), against a console on a real broker
 * with the pipeline's topics fed as the collector and tagger would: sign in, write a topic in the editor (an error
 * first, shown inline), backtest it, save it, and see a new mention of it arrive live. Screenshots go to
 * {@code target/test-artifacts/}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DashboardBrowserIT {

    private static final Path CHROMEDRIVER = Path.of(System.getProperty("wirewatch.chromedriver", "/usr/bin/chromedriver"));
    private static final Path CHROMIUM = Path.of(System.getProperty("wirewatch.chromium", "/usr/bin/chromium"));
    private static final Path ARTIFACTS = Path.of("target", "test-artifacts");

    private static RunningConsole console;
    private static WebDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        if (!browserInstalled()) {
            return;
        }
        Files.createDirectories(ARTIFACTS);
        console = RunningConsole.start(Map.of(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8"));
        seed();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,960", "--lang=en-US",
                "--user-data-dir=" + Files.createTempDirectory("wirewatch-chromium").toAbsolutePath());
        // the driver found by path, so that Selenium Manager never looks for (or downloads) one
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        driver = new ChromeDriver(options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    private static boolean browserInstalled() {
        return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    /** What the collector, tagger and alerter would have written by now. */
    private static void seed() throws Exception {
        String admin = console.adminKey;
        for (String[] topic : List.of(
                new String[] {"cecot", "CECOT", "CECOT OR \\\"Terrorist Confinement Center\\\""},
                new String[] {"bukele", "Bukele", "Bukele OR \\\"Nayib Bukele\\\""},
                new String[] {"ms-13", "MS-13", "\\\"MS-13\\\" OR \\\"Mara Salvatrucha\\\""})) {
            assertThat(console.post("/api/topics", admin, "{\"id\": \"" + topic[0] + "\", \"name\": \"" + topic[1]
                    + "\", \"query\": \"" + topic[2] + "\"}").status()).isEqualTo(201);
        }
        assertThat(console.post("/api/feeds", admin, "{\"id\": \"elfaro\", \"url\": \"https://elfaro.net/es/feed\", \"title\": \"El Faro\"}")
                .status()).isEqualTo(201);
        assertThat(console.post("/api/feeds", admin, "{\"id\": \"prensa\", \"url\": \"https://prensacomunitaria.org/feed/\", "
                + "\"title\": \"Prensa Comunitaria\"}").status()).isEqualTo(201);
        assertThat(console.post("/api/subscriptions", admin, "{\"id\": \"latam-desk\", \"name\": \"LatAm desk\", \"topics\": [\"cecot\", \"bukele\"], "
                + "\"channel\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/hook\"}}").status()).isEqualTo(201);
        Instant now = Instant.now();
        console.produce(Topics.FEED_HEALTH, "elfaro", new FeedHealth(1, "elfaro", "https://elfaro.net/es/feed", "ok", now.minusSeconds(40),
                now.minusSeconds(40), 0, null, 200, 38.5, now.minusSeconds(900), now.plusSeconds(120), 412));
        console.produce(Topics.FEED_HEALTH, "prensa", new FeedHealth(1, "prensa", "https://prensacomunitaria.org/feed/", "failing",
                now.minusSeconds(70), now.minusSeconds(7200), 4, "HTTP 503 Service Unavailable", 503, 12.0, now.minusSeconds(9000),
                now.plusSeconds(300), 57));

        String[][] articles = {
            {"https://elfaro.net/es/202611/reeleccion", "La Asamblea aprueba la reelección indefinida",
                "Diputados de Nuevas Ideas aprobaron la reelección indefinida del presidente Bukele, sin límites de mandato."},
            {"https://apnews.com/article/el-salvador-term-limits", "El Salvador lawmakers scrap presidential term limits",
                "El Salvador's Congress voted to abolish term limits, clearing the way for President Nayib Bukele to run indefinitely."},
            {"https://elfaro.net/es/202611/cecot", "Deportados al CECOT sin proceso",
                "El Centro de Confinamiento del Terrorismo recibió a 238 venezolanos deportados desde Estados Unidos."},
            {"https://prensacomunitaria.org/2026/11/lluvias", "Lluvias dejan daños en Guatemala", "Las lluvias afectan a cinco departamentos."},
        };
        for (String[] a : articles) {
            String id = ArticleIds.idFor(a[0]);
            console.produce(Topics.ARTICLES, id, new Article(1, id, 1, a[0], ArticleIds.canonicalize(a[0]), "seed", java.net.URI.create(a[0]).getHost(),
                    a[1], null, a[2], null, a[0].contains("apnews") ? "en" : "es", now.minusSeconds(3600), now.minusSeconds(3600), id));
        }

        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        int[] cecot = {1, 0, 2, 1, 1, 0, 3, 1, 2, 9, 4, 2};
        int[] bukele = {0, 1, 1, 2, 1, 1, 0, 2, 1, 2, 1, 3};
        for (int i = 0; i < cecot.length; i++) {
            Instant at = minute.minus(cecot.length - 1 - i, ChronoUnit.MINUTES);
            console.produce(Topics.TOPIC_STATS, "cecot", new TopicStats(1, "cecot", "1m", at, at.plusSeconds(60), cecot[i], cecot[i], i == 9));
            console.produce(Topics.TOPIC_STATS, "bukele", new TopicStats(1, "bukele", "1m", at, at.plusSeconds(60), bukele[i], bukele[i], false));
        }
        console.produce(Topics.MENTIONS, "cecot", mention("cecot", "CECOT", "https://elfaro.net/es/202611/cecot", "Deportados al CECOT sin proceso",
                "elfaro.net", "story-cecot", List.of(new Highlight("title", 13, 18)),
                "…El Centro de Confinamiento del Terrorismo (CECOT) recibió a 238 venezolanos…", List.of("CECOT"), now.minusSeconds(300),
                "CECOT"));
        // the story's lead as the tagger writes it: spans, snippet and snippet spans from the matcher, on the demo's query
        console.produce(Topics.MENTIONS, "cecot", matched("cecot", "CECOT",
                "CECOT OR \"Terrorist Confinement Center\" OR \"Centro de Confinamiento del Terrorismo\"",
                "https://www.laprensagrafica.com/cecot-traslados", "Nuevos traslados al CECOT",
                "El Centro de Confinamiento del Terrorismo (CECOT) recibi\u00f3 a 238 venezolanos deportados desde Estados Unidos.",
                "laprensagrafica.com", "story-cecot", now.minusSeconds(200)));
        console.produce(Topics.MENTIONS, "bukele", mention("bukele", "Bukele", "https://apnews.com/article/el-salvador-term-limits",
                "El Salvador lawmakers scrap presidential term limits", "apnews.com", "story-terms", List.of(),
                "…clearing the way for President Nayib Bukele to run indefinitely…", List.of("Bukele", "\"Nayib Bukele\""), now.minusSeconds(120),
                "Nayib Bukele"));
        // a topic with a single window flagged as a spike: drawn as a point, with no spike marker (no baseline)
        console.produce(Topics.TOPIC_STATS, "ms-13", new TopicStats(1, "ms-13", "1m", minute, minute.plusSeconds(60), 4, 4, true));
        // alerts of the last hour, for the freshness panel: 30 s and 90 s from publication to alert
        Mention fast = mention("cecot", "CECOT", "https://elfaro.net/es/202611/cecot", "Deportados al CECOT sin proceso",
                "elfaro.net", "story-cecot", List.of(), "…", List.of("CECOT"), now.minusSeconds(630));
        Mention slow = mention("cecot", "CECOT", "https://www.laprensagrafica.com/cecot-traslados", "Nuevos traslados al CECOT",
                "laprensagrafica.com", "story-cecot", List.of(), "…", List.of("CECOT"), now.minusSeconds(690));
        console.produce(Topics.ALERTS, "latam-desk", new dev.wirewatch.core.model.Alert(1, "al_fast", "latam-desk",
                dev.wirewatch.core.model.Alert.REALTIME, List.of(fast), now.minusSeconds(600), null));
        console.produce(Topics.ALERTS, "latam-desk", new dev.wirewatch.core.model.Alert(1, "al_slow", "latam-desk",
                dev.wirewatch.core.model.Alert.REALTIME, List.of(slow), now.minusSeconds(600), null));
    }

    private static Mention mention(String topicId, String topicName, String url, String title, String source, String story,
            List<Highlight> highlights, String snippet, List<String> clauses, Instant at, String... snippetWords) {
        String articleId = ArticleIds.idFor(url);
        List<Highlight> snippetSpans = new java.util.ArrayList<>();
        for (String word : snippetWords) {
            int start = snippet.indexOf(word);
            assertThat(start).as(word + " in the snippet").isNotNegative();
            snippetSpans.add(new Highlight("snippet", start, start + word.length()));
        }
        return new Mention(1, null, topicId, 1, topicName, articleId, 1, url, title, source, "es", at, at, story, true, highlights,
                snippet, clauses, at, List.of(), snippetSpans, source.contains("elfaro") ? "elfaro" : null);
    }

    private static Mention matched(String topicId, String topicName, String query, String url, String title, String body,
            String source, String story, Instant at) {
        TopicMatcher matcher = new TopicMatcher();
        matcher.put(topicId, query);
        Match match = matcher.match(new Document(title, body, "es", source)).getFirst();
        return new Mention(1, null, topicId, 1, topicName, ArticleIds.idFor(url), 1, url, title, source, "es", at, at, story,
                true, match.highlights(), match.snippet(), match.matchedClauses(), at, List.of(), match.snippetHighlights(), null);
    }


    /**
     * Clicks a topic in the list; the live stream redraws the list when a definition changes (the one just saved
     * included), so an element found a moment before may be gone: find it again until the click lands.
     */
    private static void clickTopic(String id) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#topic-list li[data-topic='" + id + "'] button")).click();
            return true;
        });
    }
    private static WebElement byId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), ARTIFACTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anEditorWritesATopicBacktestsItSavesItAndSeesItsMentionArriveLive() throws Exception {
        Assumptions.assumeTrue(browserInstalled(), "chromium or chromedriver is missing at " + CHROMIUM + " / " + CHROMEDRIVER
                + ": skipping the browser test (apt-get install chromium chromium-driver; .ci/run does)");
        driver.get(console.base + "/");
        // asked for the key once
        WebElement keyField = byId("api-key");
        keyField.sendKeys("not-a-key", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "refused"));
        keyField.clear();
        keyField.sendKeys(console.adminKey, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "admin"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("stream-status"), "live"));
        wait.until(d -> d.findElements(By.cssSelector("#stories .story")).size() == 2);
        assertThat(driver.findElement(By.cssSelector("#stories .story[data-story='story-cecot']")).getText())
                .contains("2 articles in this story").contains("Nuevos traslados al CECOT").contains("Also reported by 1 more");
        assertThat(driver.findElement(By.cssSelector("#stories .story[data-story='story-cecot'] .story-title mark")).getText()).isEqualTo("CECOT");
        // the matcher's spans as the mention carries them: the phrase as one mark, the acronym another, no parenthesis
        assertThat(driver.findElements(By.cssSelector("#stories .story[data-story='story-cecot'] .snippet mark")))
                .extracting(WebElement::getText).containsExactly("Centro de Confinamiento del Terrorismo", "CECOT");
        wait.until(d -> "1".equals(d.findElement(By.cssSelector("#chart svg")).getAttribute("data-spikes")));
        assertThat(driver.findElements(By.cssSelector("#chart polyline"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#chart circle.point"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#chart circle.spike[data-topic='ms-13']"))).isEmpty();
        // the feed's title as the source, not its host
        assertThat(driver.findElement(By.cssSelector("#stories .story[data-story='story-cecot']")).getAttribute("textContent"))
                .contains("El Faro").doesNotContain("elfaro.net");
        // freshness: median and 90th percentile per topic and feed
        wait.until(d -> !d.findElements(By.cssSelector("#freshness-table tr[data-freshness='topic:cecot']")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#freshness-table tr[data-freshness='topic:cecot']")).getText())
                .contains("30 s").contains("1.5 min");
        assertThat(driver.findElement(By.cssSelector("#freshness-table tr[data-freshness='feed:elfaro']")).getText())
                .contains("El Faro").contains("30 s");
        // the topic filter applies to the chart and the summary too
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("mention-topic"))).selectByValue("bukele");
        wait.until(d -> d.findElements(By.cssSelector("#chart polyline")).size() == 1);
        assertThat(driver.findElements(By.cssSelector("#topic-summary tbody tr"))).hasSize(1);
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("mention-topic"))).selectByValue("");
        wait.until(d -> d.findElements(By.cssSelector("#chart polyline")).size() == 2);
        screenshot("dashboard-live-before.png");

        // the topic editor: keyboard to the Topics view and a new topic
        driver.findElement(By.tagName("body")).sendKeys("n");
        WebElement name = byId("topic-name");
        assertThat(driver.switchTo().activeElement()).isEqualTo(name);
        name.sendKeys("Term limits");
        WebElement query = byId("topic-query");
        query.sendKeys("(\"term limits\" OR \"reelección indefinida\") AND (Bukele OR \"El Salvador");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-status"), "✗"));
        assertThat(byId("query-pointer").isDisplayed()).isTrue();
        assertThat(driver.findElement(By.cssSelector("#query-pointer .at")).getText()).isEqualTo("\"");
        assertThat(query.getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("dashboard-editor-error.png");

        query.sendKeys("\")");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-status"), "Valid query"));
        assertThat(driver.findElement(By.id("query-pointer")).isDisplayed()).isFalse();

        // backtest with Ctrl+Enter
        query.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        wait.until(d -> d.findElements(By.cssSelector("#preview-samples li.sample")).size() == 2);
        assertThat(byId("preview-summary").getText()).contains("2 of 4 articles match");
        assertThat(driver.findElements(By.cssSelector("#preview-samples mark"))).extracting(WebElement::getText)
                .contains("term limits", "reelección indefinida");
        assertThat(driver.findElements(By.cssSelector("#preview-chart rect.hit"))).isNotEmpty();

        // save with Ctrl+S
        query.sendKeys(Keys.chord(Keys.CONTROL, "s"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("topic-message"), "Saved Term limits (version 1)"));
        assertThat(byId("preview").isDisplayed()).isTrue();
        assertThat(console.get("/api/topics/term-limits", console.adminKey).json().get("query").asText()).contains("reelección indefinida");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        screenshot("dashboard-topic-editor.png");

        // an unsaved draft survives switching topics
        clickTopic("cecot");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("editor-title"), "CECOT"));
        WebElement cecotQuery = byId("topic-query");
        cecotQuery.sendKeys(" OR Bukele");
        clickTopic("bukele");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("editor-title"), "Bukele"));
        clickTopic("cecot");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("editor-title"), "CECOT"));
        assertThat(byId("topic-query").getAttribute("value")).endsWith(" OR Bukele");
        assertThat(byId("topic-message").getText()).contains("unsaved changes are back");

        // a topic made elsewhere (the API) appears at once through the live stream, without a reload
        assertThat(console.post("/api/topics", console.adminKey,
                "{\"id\": \"pegasus\", \"name\": \"Pegasus spyware\", \"query\": \"Pegasus\"}").status()).isEqualTo(201);
        new WebDriverWait(driver, Duration.ofSeconds(3)).until(
                d -> !d.findElements(By.cssSelector("#topic-list li[data-topic='pegasus']")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#sub-topics input[value='pegasus']"))).hasSize(1);

        // back to Live: the tagger finds the new topic in a new article
        driver.findElement(By.tagName("body")).sendKeys("1");
        byId("stories");
        String url = "https://elfaro.net/es/202611/asamblea-reeleccion";
        console.produce(Topics.MENTIONS, "term-limits", mention("term-limits", "Term limits", url,
                "Bukele celebra la reelección indefinida aprobada por la Asamblea", "elfaro.net", "story-reeleccion",
                List.of(new Highlight("title", 18, 39)), "…la reforma permite la reelección indefinida del presidente en El Salvador…",
                List.of("\"reelección indefinida\"", "Bukele"), Instant.now(), "reelección indefinida"));
        String mentionId = Mention.idFor(ArticleIds.idFor(url), "term-limits");
        WebElement fresh = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#stories .story[data-mention-id='" + mentionId + "']")));
        assertThat(driver.findElements(By.cssSelector("#stories .story")).get(0)).isEqualTo(fresh);
        assertThat(fresh.findElement(By.cssSelector(".story-title mark")).getText()).isEqualTo("reelección indefinida");
        assertThat(fresh.findElements(By.cssSelector(".snippet mark"))).extracting(WebElement::getText)
                .containsExactly("reelección indefinida");
        assertThat(fresh.findElement(By.cssSelector(".chip")).getText()).isEqualTo("Term limits");
        screenshot("dashboard-live.png");

        // subscriptions and feeds with their health
        driver.findElement(By.tagName("body")).sendKeys("3");
        wait.until(d -> !d.findElements(By.cssSelector("#subscription-table tr[data-subscription='latam-desk']")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#subscription-table tr[data-subscription='latam-desk'] .chip")))
                .extracting(WebElement::getText).containsExactly("CECOT", "Bukele");
        // a subscription made elsewhere appears without a reload, its topics by name
        assertThat(console.post("/api/subscriptions", console.adminKey, "{\"id\": \"spyware-desk\", \"name\": \"Spyware desk\", "
                + "\"topics\": [\"pegasus\"], \"channel\": {\"type\": \"sse\"}}").status()).isEqualTo(201);
        new WebDriverWait(driver, Duration.ofSeconds(3)).until(
                d -> !d.findElements(By.cssSelector("#subscription-table tr[data-subscription='spyware-desk']")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#subscription-table tr[data-subscription='spyware-desk'] .chip")).getText())
                .isEqualTo("Pegasus spyware");
        screenshot("dashboard-subscriptions.png");
        driver.findElement(By.tagName("body")).sendKeys("4");
        wait.until(d -> !d.findElements(By.cssSelector("#feed-table tr[data-feed='prensa'] .badge.failing")).isEmpty());
        WebElement prensa = driver.findElement(By.cssSelector("#feed-table tr[data-feed='prensa']"));
        assertThat(prensa.getText()).contains("The site has a problem of its own").doesNotContain("HTTP 503");
        prensa.findElement(By.cssSelector(".problem summary")).click();
        assertThat(prensa.getText()).contains("HTTP 503 Service Unavailable");
        screenshot("dashboard-feeds.png");

        // the layout from a phone to a wide screen: nothing wider than the window
        driver.findElement(By.tagName("body")).sendKeys("1");
        byId("stories");
        for (int width : new int[] {390, 768, 1440}) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return window.innerWidth")).intValue() <= width);
            screenshot("dashboard-" + width + ".png");
            Number overflow = (Number) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
            Number mainWidth = (Number) ((JavascriptExecutor) driver).executeScript(
                    "return document.querySelector('.mentions-card').getBoundingClientRect().width / window.innerWidth");
            if (width < 1000) {
                assertThat(mainWidth.doubleValue()).as("the mentions fill the width at " + width + " px").isGreaterThan(0.9);
            }
        }
    }

    @Test
    void theDemosUrlWithTheKeyInItsFragmentOpensTheDashboardSignedInAndDropsTheKeyFromTheAddress() {
        Assumptions.assumeTrue(browserInstalled(), "chromium or chromedriver is missing: skipping the browser test");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.get(console.base + "/");
        js.executeScript("localStorage.clear()");
        try {
            // a new tab, as when the URL is opened from the terminal
            driver.get("about:blank");
            driver.get(console.base + "/#key=" + console.adminKey);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "admin"));
            assertThat(driver.findElement(By.id("login")).isDisplayed()).as("no key dialog").isFalse();
            assertThat(driver.getCurrentUrl()).doesNotContain(console.adminKey).doesNotContain("key=");
            assertThat(js.executeScript("return history.length > 0 && location.hash")).asString().doesNotContain("key");
            assertThat(js.executeScript("return localStorage.getItem('wirewatch.apiKey')")).isEqualTo(console.adminKey);

            // pasted into a dashboard that is open and asking for a key
            js.executeScript("localStorage.clear()");
            driver.get("about:blank");
            driver.get(console.base + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
            js.executeScript("location.hash = arguments[0]", "key=" + console.adminKey);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "admin"));
            assertThat(driver.getCurrentUrl()).doesNotContain("key=");
        } finally {
            js.executeScript("localStorage.clear()");
        }
    }
}
