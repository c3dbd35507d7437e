package dev.wirewatch.bench.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What each stage had yet to do when the load ended, in items and in seconds of its own input rate over the measured
 * window; the stage with the largest backlog, when it exceeds a second, is the one that limits the run.
 *
 * @param stages in pipeline order
 */
record Backlogs(List<Backlog> stages) {

    /** One stage's backlog. */
    record Backlog(String stage, long items, double seconds) {
    }

    /** A backlog under this many seconds of input is no limit: it is what the commit intervals hold in flight. */
    static final double LIMIT_SECONDS = 1.0;

    Backlogs {
        stages = List.copyOf(stages);
    }

    /** The stage whose backlog is largest in seconds, if any exceeds {@link #LIMIT_SECONDS}; else null. */
    String limitingStage() {
        Backlog worst = null;
        for (Backlog b : stages) {
            if (b.seconds() > LIMIT_SECONDS && (worst == null || b.seconds() > worst.seconds())) {
                worst = b;
            }
        }
        return worst == null ? null : worst.stage();
    }

    /** A backlog of {@code items} at an input rate of {@code perSecond}. */
    static Backlog of(String stage, long items, double perSecond) {
        long n = Math.max(0, items);
        return new Backlog(stage, n, perSecond <= 0 ? (n == 0 ? 0 : Double.POSITIVE_INFINITY) : n / perSecond);
    }

    /**
     * The records of {@code topic} that consumer group {@code group} has not committed yet (transaction markers
     * included, so a few more than the records), or -1 when they cannot be read.
     */
    static long lag(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata at = committed.get(p);
                lag += ends.get(p).offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
