package dev.wirewatch.core.config;

import dev.wirewatch.core.net.Cidr;
import java.time.Duration;
import java.util.List;

/** The settings that every Wirewatch service reads: Kafka connection, topic naming, data and HTTP. */
public final class CoreSettings {

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.string("kafka.bootstrap-servers", null,
            "Kafka bootstrap servers (host:port,...); unset means an embedded broker for run/demo");
    public static final ConfigKey<String> TOPIC_PREFIX = ConfigKey.string("kafka.topic-prefix", "wirewatch.",
            "prefix of every Kafka topic name");
    public static final ConfigKey<Integer> PARTITIONS = ConfigKey.integer("kafka.partitions", 0, 0, 10_000,
            "partitions for topics that Wirewatch creates (0: the registry's default per topic)");
    public static final ConfigKey<Integer> REPLICATION_FACTOR = ConfigKey.integer("kafka.replication-factor", 0, 0, 7,
            "replicas of the topics that Wirewatch and its Kafka Streams stages create (0: 3 on a cluster of three or"
                    + " more brokers, else the number of brokers)");
    public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = ConfigKey.integer("kafka.min-insync-replicas", 0, 0, 7,
            "min.insync.replicas of the topics that Wirewatch and its Kafka Streams stages create (0: 2 when the"
                    + " replication factor is 3 or more, else 1); at most the replication factor");
    public static final ConfigKey<Boolean> CREATE_TOPICS = ConfigKey.bool("kafka.create-topics", true,
            "create missing topics at start-up");
    public static final ConfigKey<String> DATA_DIR = ConfigKey.string("data.dir", "./data",
            "directory for the embedded broker's log and local state");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.integer("http.port", 8081, 0, 65_535,
            "port of the /health and /metrics endpoint of a single service (0: any free port)");
    public static final ConfigKey<String> HTTP_HOST = ConfigKey.string("http.host", "0.0.0.0",
            "address the service endpoints bind to");
    public static final ConfigKey<Integer> EMBEDDED_KAFKA_PORT = ConfigKey.integer("kafka.embedded.port", 9092, 0, 65_535,
            "port of the embedded broker (0: any free port)");
    public static final ConfigKey<String> INSTANCE_ID = ConfigKey.string("instance.id", null,
            "a name for this instance in logs and metrics (default: host name)");
    public static final ConfigKey<List<Cidr>> WEBHOOKS_ALLOW_PRIVATE = ConfigKey.list("webhooks.allow-private", "",
            "CIDRs of private addresses that outbound HTTP (feeds, pages, webhooks, Slack) may reach, e.g. 127.0.0.0/8",
            Cidr::parse);
    public static final ConfigKey<Duration> SHUTDOWN_TIMEOUT = ConfigKey.duration("shutdown.timeout", "30s",
            "how long a service may take to stop cleanly");

    private CoreSettings() {
    }

    /** Every core setting, for validation and documentation. */
    public static List<ConfigKey<?>> all() {
        return List.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX, PARTITIONS, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS, CREATE_TOPICS, DATA_DIR,
                HTTP_PORT, HTTP_HOST, EMBEDDED_KAFKA_PORT, INSTANCE_ID, WEBHOOKS_ALLOW_PRIVATE, SHUTDOWN_TIMEOUT);
    }
}
