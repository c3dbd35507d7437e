package dev.wirewatch.launcher;

/**
 * The meters the launcher reads for the demo's summary line; it registers none. Like the Grafana dashboard, it reads
 * the names the stages publish ({@code CollectorMeters}, {@code TaggerMeters}, {@code AlerterMeters}).
 */
final class LauncherMeters {

    /** Articles the collector published. */
    static final String ARTICLES = "wirewatch.collector.articles.published";
    /** Mentions the tagger found. */
    static final String MENTIONS = "wirewatch.tagger.mentions";
    /** Alerts the alerter made for subscribers. */
    static final String ALERTS = "wirewatch.alerter.alerts";

    private LauncherMeters() {
    }
}
