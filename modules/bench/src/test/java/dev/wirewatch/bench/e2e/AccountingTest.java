package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.model.TrackedTopic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountingTest {

    private final List<TrackedTopic> topics = List.of(TrackedTopic.of("t0", "T0", "bukele"),
            TrackedTopic.of("t1", "T1", "cecot"), TrackedTopic.of("t2", "T2", "pegasus"));
    private final Workload workload = new Workload(WorkloadTest.corpus(), "r", topics,
            Workload.subscriptions(topics, 3, 1, "http://h"));
    private final Ledger ledger = new Ledger(workload, 0);

    private int subscriberOf(int topic) {
        for (int s = 0; s < workload.subscriptions().size(); s++) {
            if (workload.subscriptions().get(s).topics().contains(topics.get(topic).id())) {
                return s;
            }
        }
        return -1;
    }

    private void article(String id, String story, int... mentioned) {
        Ledger.ArticleEntry a = ledger.article(id);
        a.committedAt = 10;
        ledger.articlesCommitted.incrementAndGet();
        for (int t : mentioned) {
            a.mention(t, 20, story);
        }
    }

    private void alert(String id, String articleId, int topic, boolean delivered) {
        Ledger.AlertEntry alert = ledger.alert(id);
        alert.committedAt = 30;
        alert.kind = "realtime";
        alert.articleId = articleId;
        alert.topicId = topics.get(topic).id();
        alert.subscriptionId = workload.subscriptions().get(subscriberOf(topic)).id();
        alert.deliveredAt = delivered ? 40 : -1;
    }

    @Test
    void differenceOfSortedSets() {
        assertThat(Accounting.difference(new int[] {1, 3, 5}, new int[] {1, 5})).isEqualTo(1);
        assertThat(Accounting.difference(new int[] {}, new int[] {1})).isZero();
        assertThat(Accounting.difference(new int[] {2}, new int[] {})).isEqualTo(1);
    }

    @Test
    void oneAlertPerSubscriberAndStory() {
        int topic = workload.topicIndex(workload.subscriptions().get(0).topics().get(0));
        article("a1", "story1", topic);
        article("a2", "story1", topic);
        alert("x1", "a1", topic, true);
        Map<String, int[]> expected = new HashMap<>();
        expected.put("a1", new int[] {topic});
        expected.put("a2", new int[] {topic});
        Accounting.Result r = Accounting.account(ledger, 2, 2, expected, 0, new CheckedSends(), 0);
        assertThat(r.failures()).isEmpty();
        assertThat(r.mentionsExpected()).isEqualTo(2);
        assertThat(r.alertsExpected()).isEqualTo(r.alertsCommitted());
        assertThat(r.alertsHeld()).isPositive();
        assertThat(r.deliveriesVerified()).isEqualTo(r.alertsCommitted());
    }

    @Test
    void missingMentionsAlertsAndDeliveriesFail() {
        int topic = workload.topicIndex(workload.subscriptions().get(0).topics().get(0));
        article("a1", "story1", topic);
        alert("x1", "a1", topic, false);
        article("a2", "story2");
        Map<String, int[]> expected = new HashMap<>();
        expected.put("a1", new int[] {topic});
        expected.put("a2", new int[] {topic});
        Accounting.Result r = Accounting.account(ledger, 3, 2, expected, 1, new CheckedSends(), 0);
        assertThat(r.mentionsMissing()).isEqualTo(1);
        assertThat(r.deliveriesMissing()).isEqualTo(1);
        assertThat(r.failures()).anyMatch(f -> f.contains("never became visible"))
                .anyMatch(f -> f.contains("mentions:")).anyMatch(f -> f.contains("never delivered"))
                .anyMatch(f -> f.contains("signature"));
    }

    @Test
    void anAlertForAStoryAlreadyAlertedIsUnexpected() {
        int topic = workload.topicIndex(workload.subscriptions().get(0).topics().get(0));
        article("a1", "story1", topic);
        article("a2", "story1", topic);
        alert("x1", "a1", topic, true);
        alert("x2", "a2", topic, true);
        Map<String, int[]> expected = Map.of("a1", new int[] {topic}, "a2", new int[] {topic});
        Accounting.Result r = Accounting.account(ledger, 2, 2, expected, 0, new CheckedSends(), 0);
        assertThat(r.alertsUnexpected()).isEqualTo(1);
        assertThat(r.failures()).anyMatch(f -> f.contains("real-time alerts"));
    }
}
