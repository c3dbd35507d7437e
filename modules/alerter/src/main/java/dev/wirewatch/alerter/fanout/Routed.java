package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.Mention;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * A mention on its way to the subscribers of one fan-out partition: the value of the repartition topic.
 *
 * <p>The route step sends each mention once to every partition that owns at least one of its subscribers, rather than
 * once per subscriber, so that a topic with hundreds of subscribers costs a handful of records. A subscriber belongs
 * to partition {@code murmur2(id) % partitions}, as Kafka's default partitioner would place its key; the alert step
 * keeps each subscriber's state in the task of that partition.
 *
 * @param partition the fan-out partition of every subscriber listed
 */
record Routed(int partition, List<String> subscriptionIds, Mention mention) {

    Routed {
        subscriptionIds = List.copyOf(subscriptionIds);
    }

    /** The fan-out partition of a subscriber. */
    static int partitionOf(String subscriptionId, int partitions) {
        return Utils.toPositive(Utils.murmur2(subscriptionId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
