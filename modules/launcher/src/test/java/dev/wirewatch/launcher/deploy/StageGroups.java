package dev.wirewatch.launcher.deploy;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.TopicSpec;
import dev.wirewatch.core.kafka.Topics;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;

/**
 * The consumer groups (and Kafka Streams application ids) each stage reads with, and the topic behind each: what a
 * lag-based autoscaler must watch.
 *
 * <p>The ids come from the stages' own code when it is on the class path ({@code CollectorStage.groupId},
 * {@code TaggerStage.applicationId}, {@code FanoutTopology.applicationId}, {@code DeliveryService.groupId}, found by
 * name so that no compile-time dependency is needed); otherwise from the convention of DESIGN.md, topic prefix plus
 * a fixed suffix, and {@link #fromCode()} says so.
 */
final class StageGroups {

    /** One group of one stage, on one registry topic. */
    record Group(String stage, String groupId, TopicSpec<?, ?> topic, boolean fromCode) {
    }

    private StageGroups() {
    }

    static List<Group> all(WirewatchConfig config) {
        String prefix = config.get(CoreSettings.TOPIC_PREFIX);
        return List.of(
                group(config, "collector", "dev.wirewatch.collector.CollectorStage", "groupId", prefix + "collector",
                        Topics.FEEDS),
                group(config, "tagger", "dev.wirewatch.tagger.TaggerStage", "applicationId", prefix + "tagger",
                        Topics.ARTICLES),
                group(config, "alerter", "dev.wirewatch.alerter.fanout.FanoutTopology", "applicationId",
                        prefix + "alerter-fanout", Topics.MENTIONS),
                group(config, "alerter", "dev.wirewatch.alerter.delivery.DeliveryService", "groupId",
                        prefix + "alerter-delivery", Topics.ALERTS));
    }

    static List<Group> of(WirewatchConfig config, String stage) {
        return all(config).stream().filter(g -> g.stage().equals(stage)).toList();
    }

    private static Group group(WirewatchConfig config, String stage, String className, String method, String convention,
            TopicSpec<?, ?> topic) {
        Optional<String> fromCode = idFromCode(className, method, config);
        return new Group(stage, fromCode.orElse(convention), topic, fromCode.isPresent());
    }

    private static Optional<String> idFromCode(String className, String method, WirewatchConfig config) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        try {
            return Optional.of((String) type.getMethod(method, WirewatchConfig.class).invoke(null, config));
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(className + "." + method + "(WirewatchConfig) is gone: the chart's "
                    + "autoscaling must follow the stage's group id", e);
        }
    }
}
