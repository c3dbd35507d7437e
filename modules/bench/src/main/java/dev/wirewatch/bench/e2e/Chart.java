package dev.wirewatch.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run over time as a hand-written SVG: above, the alert latency of each second's deliveries (p50 and p99); below,
 * each stage's throughput per second (articles committed, tagged, alerts committed, deliveries). Dashed lines mark the
 * end of the warm-up and the end of the load; what follows is the drain.
 *
 * @param seconds the seconds the chart covers, from the start of the load
 * @param p50 per second, the median latency of the alerts delivered in it (-1: none delivered)
 * @param p99 likewise, the 99th percentile
 * @param rates per series name, the count of each second
 */
record Chart(int seconds, int warmupEnd, int loadEnd, long[] p50, long[] p99, Map<String, long[]> rates) {

    private static final int WIDTH = 960;
    private static final int PANEL = 260;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int GAP = 70;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"};

    Chart {
        rates = new LinkedHashMap<>(rates);
    }

    /** The chart of a ledger: latencies of the given alerts, by the second of their delivery. */
    static Chart of(Ledger ledger, long startMillis, long warmupEnd, long loadEnd, long endMillis, List<Hops> hops,
            String articlesLabel) {
        int seconds = (int) Math.min(Ledger.MAX_SECONDS, Math.max(1, (endMillis - startMillis + 999) / 1000));
        List<List<Long>> perSecond = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            perSecond.add(new ArrayList<>());
        }
        for (Hops h : hops) {
            long total = h.total();
            int s = (int) ((h.delivered() - startMillis) / 1000);
            if (total != Hops.UNKNOWN && s >= 0 && s < seconds) {
                perSecond.get(s).add(total);
            }
        }
        long[] p50 = new long[seconds];
        long[] p99 = new long[seconds];
        for (int s = 0; s < seconds; s++) {
            long[] values = perSecond.get(s).stream().mapToLong(Long::longValue).toArray();
            Summary summary = Summary.of(values);
            p50[s] = values.length == 0 ? -1 : summary.p50();
            p99[s] = values.length == 0 ? -1 : summary.p99();
        }
        Map<String, long[]> rates = new LinkedHashMap<>();
        rates.put(articlesLabel, series(ledger.articlesSeen, seconds));
        rates.put("articles tagged", series(ledger.tagged, seconds));
        rates.put("alerts committed", series(ledger.alertsSeen, seconds));
        rates.put("deliveries verified", series(ledger.deliveriesSeen, seconds));
        return new Chart(seconds, (int) ((warmupEnd - startMillis) / 1000), (int) ((loadEnd - startMillis) / 1000), p50,
                p99, rates);
    }

    private static long[] series(Ledger.Timeline timeline, int seconds) {
        long[] values = new long[seconds];
        for (int s = 0; s < seconds; s++) {
            values[s] = timeline.get(s);
        }
        return values;
    }

    /** The SVG document. */
    String svg() {
        int height = TOP + PANEL + GAP + PANEL + 50;
        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, height));
        Map<String, long[]> latency = new LinkedHashMap<>();
        latency.put("p50 alert latency (ms)", p50);
        latency.put("p99 alert latency (ms)", p99);
        panel(svg, TOP, "Alert latency of each second's deliveries (ms)", latency);
        panel(svg, TOP + PANEL + GAP, "Throughput per second", rates);
        return svg.append("</svg>\n").toString();
    }

    private void panel(StringBuilder svg, int top, String title, Map<String, long[]> series) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        long max = 1;
        for (long[] values : series.values()) {
            for (long v : values) {
                max = Math.max(max, v);
            }
        }
        max = niceCeiling(max);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\">%s</text>%n", LEFT, top - 12,
                title));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", LEFT, top, plotWidth, PANEL));
        for (int i = 0; i <= 4; i++) {
            long value = max * i / 4;
            double y = top + PANEL - (double) PANEL * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n", LEFT, y, LEFT + plotWidth, y, LEFT - 6,
                    y + 4, value));
        }
        int step = Math.max(1, niceStep(seconds / 10));
        for (int s = 0; s <= seconds; s += step) {
            double x = x(s, plotWidth);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>%n", x,
                    top + PANEL + 16, s));
        }
        for (int mark : new int[] {warmupEnd, loadEnd}) {
            double x = x(mark, plotWidth);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#666\" "
                    + "stroke-dasharray=\"4 4\"/>%n", x, top, x, top + PANEL));
        }
        int colour = 0;
        int legendX = LEFT + 10;
        for (Map.Entry<String, long[]> e : series.entrySet()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            StringBuilder points = new StringBuilder();
            long[] values = e.getValue();
            for (int s = 0; s < values.length; s++) {
                if (values[s] < 0) {
                    continue;
                }
                double y = top + PANEL - (double) PANEL * values[s] / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(s + 0.5, plotWidth), y));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "points=\"%s\"/>%n", stroke, points.toString().strip()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", legendX, top + 10, stroke, legendX + 16, top + 15, e.getKey()));
            legendX += 16 + 7 * e.getKey().length() + 20;
        }
    }

    private double x(double second, int plotWidth) {
        return LEFT + plotWidth * second / Math.max(1, seconds);
    }

    private static long niceCeiling(long value) {
        long magnitude = 1;
        while (magnitude * 10 <= value) {
            magnitude *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * magnitude >= value) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static int niceStep(int raw) {
        for (int step : new int[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600}) {
            if (step >= raw) {
                return step;
            }
        }
        return 3600;
    }
}
