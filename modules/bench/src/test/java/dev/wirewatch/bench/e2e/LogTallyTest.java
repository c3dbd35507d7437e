package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogTallyTest {

    @Test
    void countsWarningsErrorsAndTheKafkaErrorsTheyName() {
        try (LogTally tally = new LogTally()) {
            tally.count(Level.WARN, "Got error produce response ... Error: NOT_LEADER_OR_FOLLOWER", null);
            tally.count(Level.ERROR, "stream-thread failed: OutOfOrderSequenceException: Expected sequence 0", null);
            tally.count(Level.INFO, "NOT_LEADER_OR_FOLLOWER at info is not counted", null);
            LoggerFactory.getLogger(LogTallyTest.class).warn("a warning through SLF4J");
            LogTally.Counts counts = tally.counts();
            assertThat(counts.warnings()).isEqualTo(2);
            assertThat(counts.errors()).isEqualTo(1);
            assertThat(counts.kafkaErrors()).containsEntry("NOT_LEADER_OR_FOLLOWER", 1L)
                    .containsEntry("OutOfOrderSequenceException", 1L).hasSize(2);
        }
    }
}
