package dev.wirewatch.bench.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the warnings and errors logged during a run, and among them the Kafka errors that issue 19 is about
 * ({@code OutOfOrderSequenceException}, {@code NOT_LEADER_OR_FOLLOWER}, ...), so that the report says how many a run
 * produced without anyone reading the log. Works when SLF4J is bound to Logback (the launcher's and the bench's
 * binding); otherwise it counts nothing. This should be closed at the end of the run.
 */
final class LogTally implements AutoCloseable {

    /** Words in a message or exception that name a Kafka error worth counting on its own. */
    static final List<String> KAFKA_ERRORS = List.of("OutOfOrderSequenceException", "OUT_OF_ORDER_SEQUENCE_NUMBER",
            "NOT_LEADER_OR_FOLLOWER", "UNKNOWN_PRODUCER_ID", "CONCURRENT_TRANSACTIONS", "INVALID_PRODUCER_EPOCH",
            "InvalidProducerEpochException", "ProducerFencedException", "TaskCorruptedException", "TaskMigratedException",
            "TimeoutException");

    private final AtomicLong warnings = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, AtomicLong> kafka = new ConcurrentHashMap<>();
    private final Appender appender;

    LogTally() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            appender = new Appender();
            appender.setContext(context);
            appender.setName("bench-log-tally");
            appender.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        } else {
            appender = null;
        }
    }

    /** What was counted: warnings, errors, and the events that name each Kafka error. */
    record Counts(long warnings, long errors, Map<String, Long> kafkaErrors) {

        static final Counts NONE = new Counts(0, 0, Map.of());

        Counts {
            kafkaErrors = Map.copyOf(kafkaErrors);
        }
    }

    /** The counts so far. */
    Counts counts() {
        Map<String, Long> counts = new TreeMap<>();
        kafka.forEach((k, v) -> counts.put(k, v.get()));
        return new Counts(warnings.get(), errors.get(), counts);
    }

    /** Counts one event: its level, and every Kafka error its message or exception chain names. */
    void count(Level level, String message, IThrowableProxy thrown) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            errors.incrementAndGet();
        } else if (level.isGreaterOrEqual(Level.WARN)) {
            warnings.incrementAndGet();
        } else {
            return;
        }
        StringBuilder text = new StringBuilder(message == null ? "" : message);
        for (IThrowableProxy t = thrown; t != null; t = t.getCause()) {
            text.append(' ').append(t.getClassName()).append(' ').append(t.getMessage());
        }
        for (String name : KAFKA_ERRORS) {
            if (text.indexOf(name) >= 0) {
                kafka.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    private final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            count(event.getLevel(), event.getFormattedMessage(), event.getThrowableProxy());
        }
    }

    @Override
    public void close() {
        if (appender != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
        }
    }
}
