package dev.wirewatch.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Cidr;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one article path on a real HTTP server: a page becomes the same record whoever asked for it. */
class ArticlePagesTest {

    private final HttpServer server;
    private final Egress egress = Egress.builder(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")))).build();
    private final ArticlePages pages = new ArticlePages(egress, new Extractor());

    ArticlePagesTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void close() {
        egress.close();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aPageIsReadAfterItsRedirectsAndKnownByItsCanonicalUrl() throws Exception {
        server.createContext("/r", exchange -> {
            exchange.getResponseHeaders().set("Location", "/nota");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/nota", exchange -> send(exchange, "text/html; charset=utf-8", "<html lang=\"es\"><head>"
                + "<title>Nota de prueba</title><link rel=\"canonical\" href=\"https://www.elfaro.net/es/2026/nota\"></head>"
                + "<body><article><h1>Nota de prueba</h1><p>La Asamblea aprobó la reforma que permite la reelección "
                + "indefinida del presidente, según el decreto publicado el martes.</p></article></body></html>"));
        String link = url("/r?utm_source=feed");
        ExtractedPage page = pages.read(link);
        assertThat(page.title()).isEqualTo("Nota de prueba");
        assertThat(page.text()).contains("reelección indefinida");
        assertThat(ArticleDraft.identityUrl(link, page)).isEqualTo("https://www.elfaro.net/es/2026/nota");

        ArticleDraft draft = new ArticleDraft(link, ArticleDraft.identityUrl(link, page), "console", page.title(), null,
                page.text(), page.author(), page.language(), null);
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        Article article = draft.toArticle(2, now);
        assertThat(article.id()).isEqualTo(ArticleIds.idFor("https://www.elfaro.net/es/2026/nota"));
        assertThat(article.url()).isEqualTo(link);
        assertThat(article.source()).isEqualTo("elfaro.net");
        assertThat(article.version()).isEqualTo(2);
        assertThat(article.contentHash()).hasSize(32)
                .isEqualTo(ArticleIds.sha256Hex(page.title() + "\n" + page.text()).substring(0, 32));
    }

    @Test
    void aHomePageCanonicalIsNotTheArticlesUrl() {
        ExtractedPage page = new ExtractedPage("t", "x", null, null, null, "https://elfaro.net/");
        assertThat(ArticleDraft.identityUrl("https://elfaro.net/nota", page)).isEqualTo("https://elfaro.net/nota");
        assertThat(ArticleDraft.identityUrl("https://elfaro.net/nota", null)).isEqualTo("https://elfaro.net/nota");
    }

    @Test
    void whatIsNotAnHtmlPageOrNotAllowedIsRefusedWithItsReason() {
        server.createContext("/report.pdf", exchange -> send(exchange, "application/pdf", "%PDF-1.7"));
        server.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        assertThatThrownBy(() -> pages.read(url("/report.pdf"))).isInstanceOf(ArticlePages.UnreadablePage.class)
                .hasMessageContaining("not HTML");
        assertThatThrownBy(() -> pages.read(url("/gone"))).isInstanceOfSatisfying(EgressException.class,
                e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.HTTP_STATUS));
        assertThatThrownBy(() -> pages.read("http://169.254.169.254/latest/meta-data/"))
                .isInstanceOfSatisfying(EgressException.class,
                        e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.FORBIDDEN));
    }

    @Test
    void aVirtualThreadWaitsUnmountedWhileAPlatformThreadExtractsAndAShutPoolFallsBackToTheCaller() throws Exception {
        server.createContext("/nota", exchange -> send(exchange, "text/html; charset=utf-8", "<html lang=\"es\"><head>"
                + "<title>Bukele y el CECOT</title></head><body><article><h1>Bukele y el CECOT</h1><p>El Centro de "
                + "Confinamiento del Terrorismo recibió a otros doscientos reos trasladados desde Izalco, informó la "
                + "Dirección de Centros Penales.</p></article></body></html>"));
        ExecutorService platform = Executors.newFixedThreadPool(1, Thread.ofPlatform().name("extract-", 0).factory());
        ConcurrentLinkedQueue<Thread> extractedOn = new ConcurrentLinkedQueue<>();
        ArticlePages pooled = new ArticlePages(egress, new Extractor(), task -> platform.execute(() -> {
            extractedOn.add(Thread.currentThread());
            task.run();
        }));
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ExtractedPage> read = callers.submit(() -> pooled.read(url("/nota")));
            assertThat(read.get().title()).isEqualTo("Bukele y el CECOT");
            assertThat(extractedOn).singleElement().satisfies(t -> {
                assertThat(t.isVirtual()).isFalse();
                assertThat(t.getName()).isEqualTo("extract-0");
            });

            platform.shutdown();
            Future<ExtractedPage> again = callers.submit(() -> pooled.read(url("/nota")));
            assertThat(again.get().text()).contains("Izalco");
            assertThat(extractedOn).hasSize(1);
        } finally {
            platform.shutdownNow();
        }
    }
}
