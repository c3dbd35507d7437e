package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSub subscriber against a real in-process hub: discovery, subscription with intent verification, signed
 * pushes published at once, forged pushes refused and counted, lease renewal, and polling again when the hub fails.
 */
class WebSubTest {

    private final TestHub hub = new TestHub();
    private final TestServer site = new TestServer();
    private final TestServer callbacks = new TestServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Article> published = new CopyOnWriteArrayList<>();
    private final List<String> stories = new CopyOnWriteArrayList<>(List.of("1", "2"));
    private volatile boolean hubInLinkHeader;
    private Collector collector;

    WebSubTest() {
        site.on("/feeds/push.xml", exchange -> {
            if (hubInLinkHeader) {
                exchange.getResponseHeaders().add("Link", "<" + hub.url() + ">; rel=\"hub\", <" + site.url("/feeds/push.xml") + ">; rel=\"self\"");
            }
            TestServer.send(exchange, 200, "application/rss+xml", feed(!hubInLinkHeader));
        });
        site.on("/news/", exchange -> {
            String n = exchange.getRequestURI().getPath().substring("/news/".length());
            TestServer.send(exchange, 200, "text/html", "<html><head><title>Story " + n + "</title></head><body><article><h1>Story " + n
                    + "</h1><p>Pushed story " + n + " tells of the council vote on term limits, with enough words to be the page's main "
                    + "text for the extractor.</p></article></body></html>");
        });
    }

    private String feed(boolean withHubLinks) {
        StringBuilder items = new StringBuilder();
        for (String n : stories) {
            items.append("<item><title>Story ").append(n).append("</title><link>").append(site.url("/news/" + n))
                    .append("</link><description>Summary ").append(n).append("</description></item>");
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
                + "<title>Pushed</title><link>http://example.org/</link><description>d</description>"
                + (withHubLinks ? "<atom:link rel=\"hub\" href=\"" + hub.url() + "\"/><atom:link rel=\"self\" href=\""
                        + site.url("/feeds/push.xml") + "\" type=\"application/rss+xml\"/>" : "")
                + items + "</channel></rss>";
    }

    private void start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "webhooks.allow-private", "127.0.0.0/8",
                "collector.min-interval", "1h",
                "collector.max-interval", "2h",
                "collector.per-host-rate", "0",
                "collector.request-timeout", "5s",
                "collector.websub.public-url", callbacks.url(""),
                "collector.websub.key", "a key every instance shares"));
        settings.putAll(extra);
        collector = Collector.create(WirewatchConfig.of(settings), meters, published::add);
        callbacks.on(WebSubSubscriber.PATH, collector.webSubCallback());
    }

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.close();
        }
        hub.close();
        callbacks.close();
        site.close();
    }

    private String topic() {
        return site.url("/feeds/push.xml");
    }

    private double count(String name, String tag, String value) {
        Counter c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aSignedPushIsPublishedAtOnceAndAForgedOneNever() throws Exception {
        start(Map.of());
        collector.upsert(Feed.of("pushed", topic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2 && hub.verified.size() == 1);
        TestHub.Subscription subscription = hub.verified.values().iterator().next();
        assertThat(subscription.topic()).isEqualTo(topic());
        assertThat(subscription.callback()).startsWith(callbacks.url("/websub/pushed/"));
        assertThat(subscription.secret()).hasSizeGreaterThanOrEqualTo(32);
        await().atMost(Duration.ofSeconds(5)).until(() -> collector.health("pushed").orElseThrow().mode().equals(FeedHealth.PUSH));

        stories.add("3");
        assertThat(hub.publish(topic(), "application/rss+xml", feed(true).getBytes(StandardCharsets.UTF_8))).containsExactly(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 3);
        assertThat(published.getLast().url()).isEqualTo(site.url("/news/3"));
        assertThat(published.getLast().body()).contains("Pushed story 3");
        assertThat(site.count("/feeds/push.xml")).as("the push, not a poll, brought story 3").isEqualTo(1);
        assertThat(collector.health("pushed").orElseThrow().lastPushAt()).isNotNull();

        // a push with a wrong signature, or none, is acknowledged and dropped
        stories.add("4");
        byte[] forged = feed(true).getBytes(StandardCharsets.UTF_8);
        assertThat(hub.deliver(subscription.callback(), "application/rss+xml", forged, "sha256=" + "00".repeat(32))).isEqualTo(202);
        assertThat(hub.deliver(subscription.callback(), "application/rss+xml", forged,
                "sha256=" + TestHub.sign("sha256", "not the secret", forged))).isEqualTo(202);
        assertThat(hub.deliver(subscription.callback(), "application/rss+xml", forged, null)).isEqualTo(202);
        // a callback we never handed out
        assertThat(hub.deliver(callbacks.url("/websub/pushed/0123456789abcdef01234567.00112233445566778899aabbccddeeff"),
                "application/rss+xml", forged, "sha256=" + TestHub.sign("sha256", subscription.secret(), forged))).isEqualTo(404);
        assertThat(count(CollectorMeters.WEBSUB_REFUSED, "reason", "signature")).isEqualTo(3);
        assertThat(count(CollectorMeters.WEBSUB_REFUSED, "reason", "unknown")).isEqualTo(1);
        assertThat(published).hasSize(3);
        assertThat(site.count("/news/4")).isZero();
    }

    @Test
    void intentIsConfirmedOnlyForSubscriptionsWeAskedFor() throws Exception {
        start(Map.of());
        collector.upsert(Feed.of("pushed", topic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.verified.size() == 1);
        String callback = hub.verified.values().iterator().next().callback();
        HttpClient client = HttpClient.newHttpClient();
        // a forged callback token
        String forged = callback.substring(0, callback.lastIndexOf('.') + 1) + "ff".repeat(16);
        assertThat(client.send(HttpRequest.newBuilder(URI.create(forged + "?hub.mode=subscribe&hub.topic=" + topic()
                + "&hub.challenge=abc&hub.lease_seconds=60")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        // our callback, another topic
        assertThat(client.send(HttpRequest.newBuilder(URI.create(callback + "?hub.mode=subscribe&hub.topic=http://evil.example/feed"
                + "&hub.challenge=abc&hub.lease_seconds=60")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        // an unsubscription we did not ask for
        assertThat(client.send(HttpRequest.newBuilder(URI.create(callback + "?hub.mode=unsubscribe&hub.topic=" + topic()
                + "&hub.challenge=abc")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(count(CollectorMeters.WEBSUB_REFUSED, "reason", "unknown")).isEqualTo(3);
        client.close();
    }

    @Test
    void theHubIsFoundInTheLinkHeaderAndSha1IsAcceptedWhereTheHubOnlyOffersIt() throws Exception {
        hubInLinkHeader = true;
        hub.signatureMethod = "sha1";
        start(Map.of());
        collector.upsert(Feed.of("pushed", topic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2 && hub.verified.size() == 1);
        stories.add("3");
        assertThat(hub.publish(topic(), "application/rss+xml", feed(false).getBytes(StandardCharsets.UTF_8))).containsExactly(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 3);
    }

    @Test
    void leasesAreRenewedBeforeTheyLapse() {
        hub.grantedLeaseSeconds = 2;
        start(Map.of());
        collector.upsert(Feed.of("pushed", topic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.subscribeRequests() >= 3);
        assertThat(hub.failedVerifications.get()).isZero();
        assertThat(count(CollectorMeters.WEBSUB_REQUESTS, "outcome", "renewal")).isGreaterThanOrEqualTo(2);
        assertThat(collector.health("pushed").orElseThrow().mode()).isEqualTo(FeedHealth.PUSH);
    }

    @Test
    void aFailingHubLeavesTheFeedPolled() {
        hub.answerStatus = 500;
        start(Map.of());
        collector.upsert(Feed.of("pushed", topic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(CollectorMeters.ERRORS, "kind", "websub_subscribe") == 1);
        assertThat(published).hasSize(2);
        assertThat(hub.verified).isEmpty();
        assertThat(collector.health("pushed").orElseThrow().mode()).isEqualTo(FeedHealth.POLL);
    }

    /** Waits until the feed is pushed: its first poll done and the hub's verification answered. */
    private TestHub.Subscription pushed() {
        collector.upsert(Feed.of("pushed", topic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2 && hub.verified.size() == 1
                && collector.health("pushed").orElseThrow().mode().equals(FeedHealth.PUSH));
        return hub.verified.values().iterator().next();
    }

    @Test
    void aHubThatRefusesTheRenewalSendsTheFeedBackToPollingAtTheNormalInterval() {
        hub.grantedLeaseSeconds = 3;
        start(Map.of("collector.min-interval", "1s", "collector.max-interval", "1s", "collector.websub.poll-interval", "1h"));
        pushed();
        hub.answerStatus = 500;
        await().atMost(Duration.ofSeconds(20)).until(() -> count(CollectorMeters.WEBSUB_FALLBACKS, "reason", "renewal_failed") == 1);
        assertThat(collector.health("pushed").orElseThrow().mode()).isEqualTo(FeedHealth.POLL);
        long polls = site.count("/feeds/push.xml");
        // polled at once and then every second, not at the hour of a pushed feed
        await().atMost(Duration.ofSeconds(20)).until(() -> site.count("/feeds/push.xml") >= polls + 3);
        stories.add("3");
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 3);
        assertThat(count(CollectorMeters.ERRORS, "kind", "websub_subscribe")).isEqualTo(1);
    }

    @Test
    void aLeaseThatLapsesWithoutAVerifiedRenewalSendsTheFeedBackToPolling() {
        hub.grantedLeaseSeconds = 2;
        start(Map.of("collector.min-interval", "1s", "collector.max-interval", "1s", "collector.websub.poll-interval", "1h"));
        pushed();
        hub.verifying = false; // accepts the renewal with 202 and never verifies it
        await().atMost(Duration.ofSeconds(20)).until(() -> count(CollectorMeters.WEBSUB_FALLBACKS, "reason", "lease_lapsed") == 1);
        assertThat(hub.subscribeRequests()).isGreaterThanOrEqualTo(2);
        assertThat(collector.health("pushed").orElseThrow().mode()).isEqualTo(FeedHealth.POLL);
        long polls = site.count("/feeds/push.xml");
        await().atMost(Duration.ofSeconds(20)).until(() -> site.count("/feeds/push.xml") >= polls + 3);
    }

    @Test
    void aHubThatStopsPushingIsFoundOutByThePollAndTheFeedIsPolledAgain() {
        start(Map.of("collector.websub.poll-interval", "1h"));
        pushed();
        // the hub keeps its subscription but never pushes story 3; the next poll (a refresh here) finds it
        stories.add("3");
        collector.refresh("pushed");
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(CollectorMeters.WEBSUB_FALLBACKS, "reason", "missed_push") == 1);
        assertThat(collector.health("pushed").orElseThrow().mode()).isEqualTo(FeedHealth.POLL);
    }

    @Test
    void aPollRightAfterAPushIsNotAMissedPush() throws Exception {
        start(Map.of());
        pushed();
        stories.add("3");
        assertThat(hub.publish(topic(), "application/rss+xml", feed(true).getBytes(StandardCharsets.UTF_8))).containsExactly(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 3);
        stories.add("4");
        collector.refresh("pushed");
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 4);
        assertThat(count(CollectorMeters.WEBSUB_FALLBACKS, "reason", "missed_push")).isZero();
        assertThat(collector.health("pushed").orElseThrow().mode()).isEqualTo(FeedHealth.PUSH);
    }

    @Test
    void aDeletedFeedIsUnsubscribedAtItsHub() throws Exception {
        start(Map.of());
        TestHub.Subscription subscription = pushed();
        collector.delete("pushed");
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.verified.isEmpty());
        assertThat(hub.requests("unsubscribe")).isEqualTo(1);
        assertThat(hub.requests.getLast()).containsEntry("hub.callback", subscription.callback()).containsEntry("hub.topic", topic());
        assertThat(count(CollectorMeters.WEBSUB_VERIFICATIONS, "mode", "unsubscribe")).isEqualTo(1);
        stories.add("3");
        assertThat(hub.publish(topic(), "application/rss+xml", feed(true).getBytes(StandardCharsets.UTF_8))).isEmpty();
        // a late push on the old callback is not published
        byte[] body = feed(true).getBytes(StandardCharsets.UTF_8);
        hub.deliver(subscription.callback(), "application/rss+xml", body, "sha256=" + TestHub.sign("sha256", subscription.secret(), body));
        assertThat(published).hasSize(2);
    }

    @Test
    void aFeedHandedToAnotherInstanceIsNotUnsubscribed() {
        start(Map.of());
        pushed();
        collector.remove("pushed");
        // a feed of the same topic taken on afterwards: once its subscription is verified, an unsubscription would be seen
        collector.upsert(Feed.of("pushed-again", topic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.verified.size() == 2);
        assertThat(hub.requests("unsubscribe")).isZero();
    }

    @Test
    void withoutAPublicUrlNothingIsSubscribed() {
        start(Map.of("collector.websub.public-url", ""));
        collector.upsert(Feed.of("pushed", topic()));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2);
        assertThat(hub.requests).isEmpty();
    }
}
