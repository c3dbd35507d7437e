package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.CompactedTopicView;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.ApiKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The console's server on port 0: a 500 carries an error id that is logged with the stack, never the exception text. */
class ConsoleServerErrorsTest {

    @Test
    void anUnexpectedFailureAnswers500WithAnErrorIdAndTheLogHasTheDetails() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Auth auth = new Auth(new CompactedTopicView<ApiKey>(Topics.API_KEYS, "wirewatch.api-keys"), "ww_boom_admin", meters);
        Logger log = (Logger) LoggerFactory.getLogger(ConsoleServer.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try (ConsoleServer server = ConsoleServer.start("127.0.0.1", 0, auth, meters, new HealthChecks(),
                List.of(routes -> routes.get("/api/boom", Role.READ, ctx -> {
                    throw new IllegalStateException("jdbc:postgresql://db/prod?password=hunter2");
                })), new ConsoleServer.Limits(5_000_000, "key"));
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/boom"))
                    .header("Authorization", "Bearer ww_boom_admin").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
            String errorId = Json.mapper().readTree(answer.body()).get("errorId").asText();
            assertThat(errorId).matches("[0-9a-f]{12}");
            assertThat(Json.mapper().readTree(answer.body()).get("error").asText()).contains(errorId);
            assertThat(seen.list).anySatisfy(event -> {
                assertThat(event.getFormattedMessage()).contains(errorId);
                assertThat(event.getThrowableProxy().getMessage()).contains("hunter2");
            });
            assertThat(meters.counter("wirewatch.console.errors", "kind", "http-500").count()).isEqualTo(1.0);
        } finally {
            log.detachAppender(seen);
        }
    }
}
