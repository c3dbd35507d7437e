package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hub and self discovery (WebSub section 4) from Link headers, Atom feeds and atom:link in RSS. */
class WebSubDiscoveryTest {

    private static final URI FETCHED = URI.create("https://news.example.org/feeds/world.rss?src=x");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rssNamesItsHubWithAtomLinks() {
        byte[] rss = bytes("""
                <?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>
                <atom:link href="https://news.example.org/feeds/world.rss" rel="self" type="application/rss+xml"/>
                <atom:link rel='hub' href='https://pubsubhubbub.example.com/'/>
                <item><title>i</title><atom:link rel="hub" href="https://wrong.example/"/></item></channel></rss>""");
        assertThat(WebSubDiscovery.discover(List.of(), rss, FETCHED)).contains(
                new WebSubDiscovery.HubLinks("https://pubsubhubbub.example.com/", "https://news.example.org/feeds/world.rss"));
    }

    @Test
    void atomNamesItsHubWithRelativeLinks() {
        byte[] atom = bytes("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link rel="hub" href="/hub"/>
                <link rel="self" href="/feeds/world.atom"/><link rel="alternate" href="/"/><entry><title>e</title></entry></feed>""");
        assertThat(WebSubDiscovery.discover(List.of(), atom, FETCHED)).contains(
                new WebSubDiscovery.HubLinks("https://news.example.org/hub", "https://news.example.org/feeds/world.atom"));
    }

    @Test
    void linkHeadersComeFirst() {
        byte[] atom = bytes("<feed xmlns=\"http://www.w3.org/2005/Atom\"><link rel=\"hub\" href=\"https://body.example/hub\"/></feed>");
        List<String> headers = List.of("<https://header.example/hub>; rel=\"hub\", <https://news.example.org/self>; rel=\"self\"");
        assertThat(WebSubDiscovery.discover(headers, atom, FETCHED)).contains(
                new WebSubDiscovery.HubLinks("https://header.example/hub", "https://news.example.org/self"));
    }

    @Test
    void withoutASelfLinkTheTopicIsTheFetchedUrl() {
        List<String> headers = List.of("<https://hub.example/>; rel=hub");
        assertThat(WebSubDiscovery.discover(headers, bytes("<rss/>"), FETCHED)).contains(
                new WebSubDiscovery.HubLinks("https://hub.example/", FETCHED.toString()));
    }

    @Test
    void aFeedWithoutHubHasNone() {
        byte[] rss = bytes("<rss version=\"2.0\"><channel><link>https://news.example.org/</link><atom:link rel=\"self\" href=\"x\"/></channel></rss>");
        assertThat(WebSubDiscovery.discover(List.of("<https://x/>; rel=\"next\""), rss, FETCHED)).isEmpty();
    }
}
