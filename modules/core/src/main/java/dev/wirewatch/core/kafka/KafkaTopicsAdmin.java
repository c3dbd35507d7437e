package dev.wirewatch.core.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the registry's topics that are missing from a cluster, and leaves existing ones as they are. */
public final class KafkaTopicsAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicsAdmin.class);

    private KafkaTopicsAdmin() {
    }

    /**
     * Creates every registry topic and dead-letter topic that does not exist yet.
     *
     * @return the names of the topics created now
     */
    public static List<String> ensureTopics(Properties clientProperties, TopicNames names) {
        return ensure(clientProperties, names.newTopics());
    }

    /** Creates the given topics where missing. */
    public static List<String> ensure(Properties clientProperties, List<NewTopic> wanted) {
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : wanted) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                    created.add(name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException("Failed to create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaException("Interrupted while creating topic " + name, e);
                } catch (TimeoutException e) {
                    throw new KafkaException("Timed out creating topic " + name, e);
                }
            });
            LOG.info("Created topics {}", created);
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Failed to list the topics of the cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while listing topics", e);
        }
    }
}
