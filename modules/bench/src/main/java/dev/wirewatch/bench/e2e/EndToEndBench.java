package dev.wirewatch.bench.e2e;

import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.spi.Tool;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;

/**
 * The end-to-end load run, {@code wirewatch bench e2e}: real articles from the shared corpora published by a local feed
 * farm and polled by the collector (or produced straight to Kafka), tagged against generated tracked topics, fanned out
 * to webhook subscriptions and delivered to a receiver that verifies every signature; it reports the latency of each
 * hop, the throughput, the CPU of each stage, and whether every mention, alert and delivery is accounted for.
 *
 * <p>Exit status: 0 when the run is accounted for, 1 when something is missing or failed, 2 on a bad flag.
 */
public final class EndToEndBench implements Tool {

    @Override
    public String name() {
        return "bench e2e";
    }

    @Override
    public String description() {
        return "End-to-end load run: feeds (or Kafka) in, verified webhook alerts out; latency by hop, throughput, CPU.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(Options.usage());
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("wirewatch bench e2e: " + e.getMessage());
            return 2;
        }
        EndToEndRun.Outcome outcome = new EndToEndRun(options, out).run();
        Report report = outcome.report();
        String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.json());
        if (options.report() != null) {
            Files.writeString(options.report(), json);
        }
        if (options.chart() != null) {
            Files.writeString(options.chart(), outcome.chart().svg());
        }
        report.print(out);
        if (options.report() != null) {
            out.println("\n  report: " + options.report());
        }
        if (options.chart() != null) {
            out.println("  chart:  " + options.chart());
        }
        return report.ok() ? 0 : 1;
    }

    /** Runs the benchmark from the command line. */
    public static void main(String[] args) throws Exception {
        System.exit(new EndToEndBench().run(args, System.out, System.err));
    }
}
