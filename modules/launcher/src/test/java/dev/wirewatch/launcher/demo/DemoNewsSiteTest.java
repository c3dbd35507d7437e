package dev.wirewatch.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class DemoNewsSiteTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private DemoNewsSite site;

    @BeforeEach
    void start() {
        site = DemoNewsSite.start(0, Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        site.close();
    }

    private HttpResponse<String> get(String url, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setNamespaceAware(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(new ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void rssFeedsAreValidAndGrowOverTime() throws Exception {
        String url = site.feedUrls().get(0);
        HttpResponse<String> first = get(url, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("rss+xml"));
        Document rss = parse(first.body());
        assertThat(rss.getDocumentElement().getTagName()).isEqualTo("rss");
        int before = rss.getElementsByTagName("item").getLength();
        assertThat(before).isPositive();
        Element item = (Element) rss.getElementsByTagName("item").item(0);
        assertThat(item.getElementsByTagName("pubDate").item(0).getTextContent()).matches(".*\\d{4} \\d\\d:\\d\\d:\\d\\d GMT");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(parse(get(url, null).body()).getElementsByTagName("item").getLength()).isGreaterThan(before));
    }

    @Test
    void atomFeedIsValidWithRelativeLinksAndSpanishFeedIsSpanish() throws Exception {
        Document atom = parse(get(site.feedUrls().get(1), null).body());
        assertThat(atom.getDocumentElement().getLocalName()).isEqualTo("feed");
        assertThat(atom.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(parse(get(site.feedUrls().get(1), null).body()).getElementsByTagName("entry").getLength()).isPositive());
        Document es = parse(get(site.feedUrls().get(2), null).body());
        assertThat(es.getElementsByTagName("language").item(0).getTextContent()).isEqualTo("es");
    }

    @Test
    void everyItemLinksToAFullArticlePage() throws Exception {
        Document rss = parse(get(site.feedUrls().get(0), null).body());
        String link = rss.getElementsByTagName("link").item(1).getTextContent();
        HttpResponse<String> page = get(link, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<article>", "application/ld+json", "rel=\"canonical\"");
        assertThat(page.body().split("<p>").length).as("paragraphs beyond the feed's summary").isGreaterThan(3);
        assertThat(get(site.baseUrl() + "/articles/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void conditionalGetAnswers304UntilSomethingIsPublished() throws Exception {
        DemoNewsSite quiet = DemoNewsSite.start(0, Duration.ofHours(1));
        try {
            String url = quiet.feedUrls().get(2);
            HttpResponse<String> first = get(url, null);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(get(url, etag).statusCode()).isEqualTo(304);
            quiet.publishNext(java.time.Instant.now());
            quiet.publishNext(java.time.Instant.now());
            quiet.publishNext(java.time.Instant.now());
            quiet.publishNext(java.time.Instant.now());
            assertThat(get(url, etag).statusCode()).isEqualTo(200);
        } finally {
            quiet.close();
        }
    }

    @Test
    void webhookReceiverVerifiesStandardWebhookSignatures() throws Exception {
        String secret = DemoWebhookReceiver.newSecret();
        DemoWebhookReceiver receiver = new DemoWebhookReceiver(secret);
        site.addWebhookReceiver(receiver);
        String body = "{\"type\":\"mention.created\",\"data\":{\"title\":\"CECOT\"}}";
        String id = "msg_1";
        String ts = Long.toString(java.time.Instant.now().getEpochSecond());
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        String signature = "v1," + java.util.Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + ts + "." + body).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(site.baseUrl() + "/webhook/demo"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("webhook-id", id).header("webhook-timestamp", ts);
        assertThat(http.send(post.copy().header("webhook-signature", "v1,AAAA " + signature).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        assertThat(http.send(post.copy().header("webhook-signature", "v1,AAAA").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        assertThat(receiver.verified()).isEqualTo(1);
        assertThat(receiver.rejected()).isEqualTo(1);
    }

    @Test
    void theWorldFeedNamesAHubThatVerifiesIntentAndPushesSignedContent() throws Exception {
        Document rss = parse(get(site.feedUrls().get(0), null).body());
        org.w3c.dom.NodeList links = rss.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link");
        java.util.Map<String, String> rels = new java.util.HashMap<>();
        for (int i = 0; i < links.getLength(); i++) {
            Element link = (Element) links.item(i);
            rels.put(link.getAttribute("rel"), link.getAttribute("href"));
        }
        assertThat(rels).containsEntry("hub", site.hubUrl()).containsEntry("self", site.feedUrls().get(0));

        java.util.List<String> pushes = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<String> challenge = new java.util.concurrent.atomic.AtomicReference<>();
        com.sun.net.httpserver.HttpServer subscriber = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 8);
        subscriber.createContext("/cb", exchange -> {
            try (exchange) {
                if (exchange.getRequestMethod().equals("GET")) {
                    String query = exchange.getRequestURI().getQuery();
                    String echo = query.replaceAll(".*hub\\.challenge=([^&]*).*", "$1");
                    challenge.set(echo);
                    byte[] body = echo.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
                String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
                if (expected.equals(exchange.getRequestHeaders().getFirst("X-Hub-Signature"))) {
                    pushes.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(202, -1);
            } catch (java.security.GeneralSecurityException e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        subscriber.start();
        try {
            String callback = "http://127.0.0.1:" + subscriber.getAddress().getPort() + "/cb";
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(site.hubUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("hub.mode=subscribe&hub.topic="
                            + java.net.URLEncoder.encode(site.feedUrls().get(0), java.nio.charset.StandardCharsets.UTF_8)
                            + "&hub.callback=" + java.net.URLEncoder.encode(callback, java.nio.charset.StandardCharsets.UTF_8)
                            + "&hub.secret=s3cret&hub.lease_seconds=600")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> challenge.get() != null);
            await().atMost(Duration.ofSeconds(20)).until(() -> !pushes.isEmpty());
            assertThat(parse(pushes.getFirst()).getDocumentElement().getTagName()).isEqualTo("rss");
        } finally {
            subscriber.stop(0);
        }
    }

    @Test
    void theLocalDeskIsPublishedInANewsSitemapNamedInRobotsTxt() throws Exception {
        assertThat(get(site.baseUrl() + "/robots.txt", null).body()).contains("Sitemap: " + site.baseUrl() + "/sitemap-news.xml");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Document sitemap = parse(get(site.baseUrl() + "/sitemap-news.xml", null).body());
            assertThat(sitemap.getDocumentElement().getLocalName()).isEqualTo("urlset");
            org.w3c.dom.NodeList dates = sitemap.getElementsByTagNameNS("http://www.google.com/schemas/sitemap-news/0.9", "publication_date");
            assertThat(dates.getLength()).isPositive();
            String loc = sitemap.getElementsByTagName("loc").item(0).getTextContent();
            assertThat(get(loc, null).statusCode()).isEqualTo(200);
        });
    }
}
