package dev.wirewatch.alerter;

/**
 * The names of the alerter's meters, {@code wirewatch.alerter.<what>}; dashboards, alerts and the Helm chart read them,
 * so change them only by adding.
 *
 * <p>The egress path's own counter ({@code wirewatch.alerter.egress.refused}) is named where it is built.
 */
public final class AlerterMeters {

    // fan-out
    public static final String MENTIONS = "wirewatch.alerter.mentions";
    public static final String FANOUT_ROUTED = "wirewatch.alerter.fanout.routed";
    public static final String FANOUT_HELD = "wirewatch.alerter.fanout.held";
    public static final String FANOUT_DROPPED = "wirewatch.alerter.fanout.dropped";
    public static final String FANOUT_ERRORS = "wirewatch.alerter.fanout.errors";
    public static final String FANOUT_THREAD_FAILURES = "wirewatch.alerter.fanout.thread.failures";
    public static final String SUBSCRIPTIONS = "wirewatch.alerter.subscriptions";
    public static final String ALERTS = "wirewatch.alerter.alerts";

    // delivery
    public static final String DELIVERIES = "wirewatch.alerter.deliveries";
    public static final String DELIVERY_LATENCY = "wirewatch.alerter.delivery.latency";
    public static final String DELIVERY_AGE = "wirewatch.alerter.delivery.age";
    /** From the tagging of an alert's latest mention to its successful delivery, tagged {@code channel}. */
    public static final String DELIVERY_SINCE_TAGGED = "wirewatch.alerter.delivery.since.tagged";
    /** Deliveries refused because the target URL is unsafe (scheme, private or reserved address). */
    public static final String EGRESS_REFUSED = "wirewatch.alerter.egress.refused";
    public static final String DELIVERY_ERRORS = "wirewatch.alerter.delivery.errors";
    public static final String DELIVERY_IN_FLIGHT = "wirewatch.alerter.delivery.in-flight";
    public static final String DELIVERY_QUEUED = "wirewatch.alerter.delivery.queued";
    public static final String DEFERRED = "wirewatch.alerter.deferred";
    public static final String RETRIES_PENDING = "wirewatch.alerter.retries.pending";
    public static final String ENDPOINTS_DISABLED = "wirewatch.alerter.endpoints.disabled";
    public static final String OWNER_NOTICES = "wirewatch.alerter.owner.notices";

    private AlerterMeters() {
    }
}
