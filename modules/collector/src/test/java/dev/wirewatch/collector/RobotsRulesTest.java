package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Cidr;
import dev.wirewatch.core.net.Egress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * robots.txt read from a real local server: RFC 9309's examples (groups, longest match, allow on a tie, wildcards),
 * the status codes (4xx allows all, 5xx disallows all for a while), caching, Crawl-delay and the per-feed override.
 */
class RobotsRulesTest {

    /** RFC 9309, section 5.1. */
    private static final String RFC_SIMPLE = """
            User-Agent: *
            Disallow: *.gif$
            Disallow: /example/
            Allow: /publications/

            User-Agent: foobot
            Disallow:/
            Allow:/example/page.html
            Allow:/example/allowed.gif

            User-Agent: barbot
            User-Agent: bazbot
            Disallow: /example/page.html

            User-Agent: quxbot

            EOF
            """;

    /** RFC 9309, section 5.2. */
    private static final String RFC_LONGEST_MATCH = """
            User-Agent: foobot
            Allow: /example/page/
            Disallow: /example/page/disallowed.gif
            """;

    private final TestServer site = new TestServer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CollectorMetrics metrics = new CollectorMetrics(registry);
    private final HostLimiter limiter = new HostLimiter(8, 8, 0);
    private final AtomicReference<String> robots = new AtomicReference<>(RFC_SIMPLE);
    private final AtomicInteger robotsStatus = new AtomicInteger(200);
    private Egress egress;

    RobotsRulesTest() {
        site.on("/robots.txt", exchange -> TestServer.send(exchange, robotsStatus.get(), "text/plain", robots.get()));
    }

    @AfterEach
    void stop() {
        if (egress != null) {
            egress.close();
        }
        site.close();
    }

    private RobotsRules rules(String userAgent, Clock clock) {
        if (egress == null) {
            egress = Egress.builder(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")))).userAgent(userAgent)
                    .gate(limiter).deadline(Duration.ofSeconds(5)).build();
        }
        return new RobotsRules(egress, limiter, true, Duration.ofHours(24), Duration.ofSeconds(30), userAgent, metrics, clock);
    }

    private RobotsRules rules(String userAgent) {
        return rules(userAgent, Clock.systemUTC());
    }

    @Test
    void theProductTokenIsTheNameBeforeTheVersion() {
        assertThat(RobotsRules.productToken("Wirewatch/0.1 (+https://github.com/wirewatch)")).isEqualTo("wirewatch");
        assertThat(RobotsRules.productToken("FooBot/2")).isEqualTo("foobot");
    }

    @Test
    void rfc9309SimpleExampleForFoobot() throws Exception {
        RobotsRules foobot = rules("FooBot/1.0 (+https://example.org)");
        assertThat(foobot.allowed(site.url("/example/page.html"))).isTrue();
        assertThat(foobot.allowed(site.url("/example/allowed.gif"))).isTrue();
        assertThat(foobot.allowed(site.url("/example/other.html"))).isFalse();
        assertThat(foobot.allowed(site.url("/publications/"))).isFalse();
    }

    @Test
    void rfc9309SimpleExampleForAGroupOfTwoAgents() throws Exception {
        for (String agent : List.of("barbot/1", "BazBot/3")) {
            RobotsRules bot = rules(agent);
            assertThat(bot.allowed(site.url("/example/page.html"))).as(agent).isFalse();
            assertThat(bot.allowed(site.url("/example/other.html"))).as(agent).isTrue();
            assertThat(bot.allowed(site.url("/picture.gif"))).as(agent).isTrue();
            egress.close();
            egress = null;
        }
    }

    @Test
    void rfc9309SimpleExampleForAnEmptyGroup() throws Exception {
        RobotsRules quxbot = rules("quxbot/1");
        assertThat(quxbot.allowed(site.url("/example/page.html"))).isTrue();
        assertThat(quxbot.allowed(site.url("/anything.gif"))).isTrue();
    }

    @Test
    void rfc9309SimpleExampleForEveryOtherAgentWithWildcards() throws Exception {
        RobotsRules wirewatch = rules("Wirewatch/0.1 (+https://github.com/wirewatch)");
        assertThat(wirewatch.allowed(site.url("/picture.gif"))).isFalse();
        assertThat(wirewatch.allowed(site.url("/picture.gif?size=2"))).isTrue(); // "$" anchors the end of the path
        assertThat(wirewatch.allowed(site.url("/example/story.html"))).isFalse();
        assertThat(wirewatch.allowed(site.url("/publications/2026/story.html"))).isTrue();
        assertThat(wirewatch.allowed(site.url("/news/story.html"))).isTrue();
    }

    @Test
    void rfc9309LongestMatchWins() throws Exception {
        robots.set(RFC_LONGEST_MATCH);
        RobotsRules foobot = rules("foobot/1");
        assertThat(foobot.allowed(site.url("/example/page/"))).isTrue();
        assertThat(foobot.allowed(site.url("/example/page/story.html"))).isTrue();
        assertThat(foobot.allowed(site.url("/example/page/disallowed.gif"))).isFalse();
    }

    @Test
    void anAllowAndADisallowOfEqualLengthAllow() throws Exception {
        robots.set("User-agent: *\nDisallow: /news/\nAllow: /news/\n");
        assertThat(rules("Wirewatch/0.1").allowed(site.url("/news/story.html"))).isTrue();
    }

    @Test
    void aMissingRobotsTxtAllowsEverything() throws Exception {
        robotsStatus.set(404);
        robots.set("not found");
        assertThat(rules("Wirewatch/0.1").allowed(site.url("/example/page.html"))).isTrue();
        assertThat(registry.get(CollectorMeters.ROBOTS_FETCHES).tag("outcome", "missing").counter().count()).isEqualTo(1);
    }

    @Test
    void anUnreachableRobotsTxtDisallowsEverythingUntilItIsAskedAgain() throws Exception {
        robotsStatus.set(500); // (a 503 would also hold the host back for a minute in the HostLimiter)
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
        RobotsRules rules = rules("Wirewatch/0.1", clock);
        assertThat(rules.allowed(site.url("/news/story.html"))).isFalse();
        assertThat(registry.get(CollectorMeters.ERRORS).tag("kind", "robots").counter().count()).isEqualTo(1);

        robotsStatus.set(200);
        robots.set("User-agent: *\nAllow: /\n");
        assertThat(rules.allowed(site.url("/news/story.html"))).as("still cached").isFalse();
        clock.now = clock.now.plus(RobotsRules.ERROR_TTL).plusSeconds(1);
        assertThat(rules.allowed(site.url("/news/story.html"))).isTrue();
    }

    @Test
    void robotsTxtIsFetchedOncePerSiteUntilItExpires() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
        RobotsRules rules = rules("Wirewatch/0.1", clock);
        for (int i = 0; i < 5; i++) {
            rules.allowed(site.url("/news/" + i));
        }
        assertThat(site.count("/robots.txt")).isEqualTo(1);
        clock.now = clock.now.plus(Duration.ofHours(25));
        rules.allowed(site.url("/news/6"));
        assertThat(site.count("/robots.txt")).isEqualTo(2);
    }

    @Test
    void crawlDelaySlowsTheHostDownUpToTheConfiguredMaximum() throws Exception {
        robots.set("User-agent: wirewatch\nCrawl-delay: 2\nDisallow: /private/\n");
        rules("Wirewatch/0.1").allowed(site.url("/news/1"));
        assertThat(limiter.crawlGap("127.0.0.1")).isEqualTo(Duration.ofSeconds(2));

        robots.set("User-agent: *\nCrawl-delay: 600\n");
        egress.close();
        egress = null;
        HostLimiter other = new HostLimiter(8, 8, 0);
        new RobotsRules(Egress.builder(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")))).build(), other, true,
                Duration.ofHours(24), Duration.ofSeconds(30), "Wirewatch/0.1", metrics, Clock.systemUTC())
                .allowed(site.url("/news/1"));
        assertThat(other.crawlGap("127.0.0.1")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFeedWithPermissionIsNeverRefused() throws Exception {
        robots.set("User-agent: *\nDisallow: /\n");
        RobotsRules rules = rules("Wirewatch/0.1");
        Feed obeying = Feed.of("obeying", site.url("/feed.xml"));
        Feed permitted = new Feed(1, "permitted", site.url("/feed.xml"), null, null, List.of(), null, true, Instant.now(), null, true);
        assertThat(rules.admit(obeying, site.url("/news/1"))).isFalse();
        assertThat(rules.admit(permitted, site.url("/news/1"))).isTrue();
        assertThat(registry.get(CollectorMeters.ROBOTS_REFUSED).counter().count()).isEqualTo(1);
    }

    @Test
    void sitemapLinesAreRead() throws Exception {
        robots.set("User-agent: *\nAllow: /\nSitemap: " + site.url("/news-sitemap.xml") + "\n");
        assertThat(rules("Wirewatch/0.1").sitemaps(URI.create(site.url("/")))).containsExactly(site.url("/news-sitemap.xml"));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
