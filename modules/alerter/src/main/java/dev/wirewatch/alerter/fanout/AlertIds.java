package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.ArticleIds;
import java.time.Instant;

/**
 * Stable alert ids: the same input gives the same id, so that a recomputed alert (after a crash, or a replay) keeps
 * the {@code webhook-id} that receivers use to drop duplicates.
 */
final class AlertIds {

    private AlertIds() {
    }

    /** The id of the real-time alert of one article for one subscriber. */
    static String realtime(String subscriptionId, String articleId) {
        return "al_" + ArticleIds.sha256Hex("realtime\n" + subscriptionId + "\n" + articleId).substring(0, 32);
    }

    /** The id of a digest, from its subscriber, due time and first mention. */
    static String digest(String subscriptionId, Instant dueAt, String firstMentionId) {
        return "al_" + ArticleIds.sha256Hex("digest\n" + subscriptionId + "\n" + dueAt.toEpochMilli() + "\n"
                + firstMentionId).substring(0, 32);
    }
}
