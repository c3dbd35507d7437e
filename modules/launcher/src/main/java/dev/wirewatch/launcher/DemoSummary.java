package dev.wirewatch.launcher;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints the demo's periodic summary line, what the pipeline did in the last period: articles collected, mentions
 * tagged, alerts made. This should be closed on shutdown.
 */
final class DemoSummary implements AutoCloseable {

    static final Duration PERIOD = Duration.ofSeconds(10);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final MeterRegistry meters;
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private final double[] last = new double[3];

    private DemoSummary(MeterRegistry meters, PrintStream out) {
        this.meters = meters;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-summary");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts printing a line every {@link #PERIOD}. */
    static DemoSummary start(MeterRegistry meters, PrintStream out) {
        DemoSummary summary = new DemoSummary(meters, out);
        summary.sample();
        summary.timer.scheduleAtFixedRate(() -> out.println(summary.line()), PERIOD.toMillis(), PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        return summary;
    }

    /** The line for the period since the last call. */
    String line() {
        double[] before = last.clone();
        sample();
        return String.format(Locale.ROOT, "%s  last %d s: %d articles, %d mentions, %d alerts", LocalTime.now().format(TIME),
                PERIOD.toSeconds(), Math.round(last[0] - before[0]), Math.round(last[1] - before[1]),
                Math.round(last[2] - before[2]));
    }

    private void sample() {
        last[0] = total(LauncherMeters.ARTICLES);
        last[1] = total(LauncherMeters.MENTIONS);
        last[2] = total(LauncherMeters.ALERTS);
    }

    private double total(String name) {
        double sum = 0;
        for (Meter meter : meters.find(name).meters()) {
            for (Measurement m : meter.measure()) {
                if (m.getStatistic() == Statistic.COUNT) {
                    sum += m.getValue();
                }
            }
        }
        return sum;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
