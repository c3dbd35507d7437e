package dev.wirewatch.console;

import dev.wirewatch.article.ArticlePages;
import dev.wirewatch.article.ArticleSettings;
import dev.wirewatch.article.Extractor;
import dev.wirewatch.article.LanguageDetection;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.DeadLetterRouter;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.secrets.SecretSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running console: the definitions and live data read from Kafka, the producer that writes definitions, and the
 * HTTP server. Start-up reads the definitions before it serves, so that API keys and topics are there for the first
 * request. This should be closed on shutdown.
 */
final class Console implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final String HEALTH_DEFINITIONS = "console.definitions";
    private static final String HEALTH_LIVE = "console.live";

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final HealthChecks health;
    private ConsoleServer server;

    private Console(HealthChecks health) {
        this.health = health;
    }

    /** Starts a console; on failure, closes what it opened and rethrows. */
    static Console start(WirewatchConfig config, MeterRegistry meters, HealthChecks health) throws InterruptedException {
        config.validate(ConsoleSettings.all());
        config.validate(SecretSettings.all());
        Console console = new Console(health);
        try {
            console.doStart(config, meters);
            return console;
        } catch (RuntimeException | InterruptedException e) {
            console.close();
            throw e;
        }
    }

    private void doStart(WirewatchConfig config, MeterRegistry meters) throws InterruptedException {
        // first, so that a missing key fails start-up before anything is opened
        ChannelSecrets secrets = new ChannelSecrets(SecretKeys.fromConfig(config));
        Properties client = config.kafkaProperties();
        TopicNames names = config.topicNames();
        Duration writeTimeout = config.get(ConsoleSettings.WRITE_TIMEOUT);

        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(client));
        open.push(() -> producer.close(Duration.ofSeconds(5)));
        DeadLetterRouter deadLetters = new DeadLetterRouter("console", names, producer, meters);

        Definitions definitions = new Definitions(client, names, producer, deadLetters, meters, writeTimeout);
        open.push(definitions);
        definitions.start(config.get(ConsoleSettings.STARTUP_TIMEOUT));
        health.register(HEALTH_DEFINITIONS, () -> definitions.healthy()
                ? dev.wirewatch.core.http.HealthChecks.Status.up(definitions.topics.size() + " tracked topics")
                : dev.wirewatch.core.http.HealthChecks.Status.down("not reading the definitions"));
        open.push(() -> health.unregister(HEALTH_DEFINITIONS));

        LiveData live = new LiveData(client, names, config.get(ConsoleSettings.MENTIONS_BUFFER),
                config.get(ConsoleSettings.DELIVERIES_LOOKBACK), deadLetters, meters);
        open.push(live);
        live.start();
        health.register(HEALTH_LIVE, () -> live.healthy()
                ? dev.wirewatch.core.http.HealthChecks.Status.up(live.caughtUp() ? "live" : "catching up")
                : dev.wirewatch.core.http.HealthChecks.Status.down("not reading mentions, alerts, stats, deliveries"));
        open.push(() -> health.unregister(HEALTH_LIVE));

        Backtest backtest = new Backtest(client, names.of(Topics.ARTICLES), config.get(ConsoleSettings.BACKTEST_MAX_ARTICLES),
                config.get(ConsoleSettings.BACKTEST_TIMEOUT), config.get(ConsoleSettings.BACKTEST_CONCURRENCY), meters);
        AddressPolicy policy = AddressPolicy.allowing(config.get(CoreSettings.WEBHOOKS_ALLOW_PRIVATE));
        OutboundUrls addresses = new OutboundUrls(policy, Duration.ofSeconds(3), meters);
        Egress egress = Egress.builder(policy).deadline(config.get(ConsoleSettings.FETCH_TIMEOUT))
                .userAgent("Wirewatch-Console/1 (+https://github.com/wirewatch)").threadName("console-http").build();
        open.push(egress);
        LanguageDetection languages = new LanguageDetection(config.get(ArticleSettings.LANGUAGES));
        ArticlePages pages = new ArticlePages(egress, new Extractor(languages));
        PublishedArticles published = new PublishedArticles(client, names.of(Topics.ARTICLES),
                config.get(ConsoleSettings.ARTICLE_LOOKBACK), writeTimeout);
        open.push(published);
        Auth auth = new Auth(definitions.apiKeys, config.get(ConsoleSettings.API_KEY), meters,
                new FailedAuthLimiter(config.get(ConsoleSettings.AUTH_MAX_FAILURES),
                        config.get(ConsoleSettings.AUTH_FAILURE_WINDOW), config.get(ConsoleSettings.AUTH_TRACKED_ADDRESSES)));

        List<Consumer<Routes>> sections = List.of(
                new TopicsApi(definitions, live, backtest)::register,
                new SubscriptionsApi(definitions, live, addresses, secrets)::register,
                new FeedsApi(definitions, addresses, config.get(ConsoleSettings.OPML_MAX_FEEDS))::register,
                new LiveApi(definitions, live, ConsoleServer.heartbeat())::register,
                new KeysApi(definitions, auth)::register,
                new ArticlesApi(producer, names.of(Topics.ARTICLES), pages, languages, published, writeTimeout,
                        config.get(ConsoleSettings.FETCH_CONCURRENCY), meters)::register);
        server = ConsoleServer.start(config.get(ConsoleSettings.HOST), config.get(ConsoleSettings.PORT), auth, meters,
                health, sections, new ConsoleServer.Limits(config.get(ConsoleSettings.MAX_BODY_BYTES),
                        config.get(ConsoleSettings.ENDPOINTS)));
        // the server stops first, so that open streams end before the data behind them
        open.push(server);
        if (config.get(ConsoleSettings.API_KEY) == null) {
            LOG.warn("[console] no console.api-key is set: only keys in the API-keys topic are accepted; "
                    + "set one (WIREWATCH_CONSOLE_API_KEY) to create the first keys");
        }
    }

    private static Properties producerProperties(Properties client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "wirewatch-console");
        return props;
    }

    /** The port the HTTP server listens on. */
    int port() {
        return server.port();
    }

    List<Routes.Route> routes() {
        return server.routes();
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            AutoCloseable next = open.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("[console] failed to close {} cleanly", next, e);
            }
        }
    }
}
