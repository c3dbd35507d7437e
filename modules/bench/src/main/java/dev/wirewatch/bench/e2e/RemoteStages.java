package dev.wirewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of a run that live in other processes, seen through their {@code /health} and {@code /metrics}
 * endpoints: whether every instance of a stage is up and has read every tracked topic or subscription the run wrote.
 *
 * <p>An endpoint belongs to a stage when its {@code /health} lists that stage's check ({@code tagger},
 * {@code alerter-fanout}). Without endpoints the bench cannot see the stages, and only their consumer groups tell it
 * that they run.
 */
final class RemoteStages {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteStages.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The tagger's count of tracked-topic definitions read (a counter, by outcome). */
    static final String TOPIC_DEFINITIONS = "wirewatch.tagger.topic.definitions";
    /** The fan-out's count of the subscriptions it knows (a gauge). */
    static final String SUBSCRIPTIONS = "wirewatch.alerter.subscriptions";

    /** A stage's health check and the meter that says it has read the run's definitions. */
    enum Probe {
        TAGGER("tagger", TOPIC_DEFINITIONS, true),
        ALERTER("alerter-fanout", SUBSCRIPTIONS, false);

        final String check;
        final String meter;
        final boolean counter;

        Probe(String check, String meter, boolean counter) {
            this.check = check;
            this.meter = meter;
            this.counter = counter;
        }

        /** The meter's name in the Prometheus text format, as Micrometer writes it. */
        String prometheusName() {
            String name = meter.replace('.', '_');
            return counter ? name + "_total" : name;
        }
    }

    private final List<URI> endpoints;
    private final HttpClient http;
    private final AtomicLong failures = new AtomicLong();

    RemoteStages(List<URI> endpoints) {
        this.endpoints = List.copyOf(endpoints);
        // named platform threads, so that their CPU lands in the bench's group, not the stages'
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).executor(Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().name("bench-stage-probe").daemon(true).unstarted(r))).build();
    }

    List<URI> endpoints() {
        return endpoints;
    }

    /**
     * Whether every endpoint that runs the probe's stage is up and its meter shows at least {@code wanted}, and there
     * is at least one such endpoint; true when there are no endpoints to ask.
     */
    boolean everyOneShows(Probe probe, long wanted) {
        if (endpoints.isEmpty()) {
            return true;
        }
        int instances = 0;
        for (URI endpoint : endpoints) {
            JsonNode health;
            try {
                health = Json.mapper().readTree(get(endpoint, "/health"));
            } catch (IOException e) {
                note(endpoint, e);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            JsonNode check = health.path("checks").path(probe.check);
            if (check.isMissingNode()) {
                continue;
            }
            instances++;
            if (!"UP".equals(health.path("status").asText())) {
                return false;
            }
            try {
                if (value(get(endpoint, "/metrics"), probe.prometheusName()) < wanted) {
                    return false;
                }
            } catch (IOException e) {
                note(endpoint, e);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return instances > 0;
    }

    /** The sum of every sample of a metric in the Prometheus text format; 0 when there is none. */
    static double value(String scrape, String name) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name)) {
                continue;
            }
            int end = name.length();
            if (line.length() <= end || (line.charAt(end) != '{' && line.charAt(end) != ' ')) {
                continue; // another metric whose name starts with this one
            }
            int space = line.charAt(end) == '{' ? line.indexOf(' ', line.lastIndexOf('}')) : end;
            String[] rest = line.substring(space).strip().split(" ");
            try {
                sum += Double.parseDouble(rest[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a Prometheus sample: " + line, e);
            }
        }
        return sum;
    }

    private String get(URI endpoint, String path) throws IOException, InterruptedException {
        URI uri = endpoint.resolve(path);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // /health answers 503 with its body while a check is down: the body still says which
        if (response.statusCode() != 200 && !(path.equals("/health") && response.statusCode() == 503)) {
            throw new IOException(String.format(Locale.ROOT, "GET %s answered %d", uri, response.statusCode()));
        }
        return Objects.requireNonNullElse(response.body(), "");
    }

    private void note(URI endpoint, IOException e) {
        if (failures.incrementAndGet() % 50 == 1) {
            LOG.info("Stage endpoint {} not answering yet: {}", endpoint, e.toString());
        }
    }
}
