/**
 * The alerter stage: every mention to every subscriber, signed, retried, never lost, never a flood.
 *
 * <h2>Kafka identities (for deployment and lag-based autoscaling)</h2>
 * <ul>
 *   <li>{@code <prefix>alerter-fanout} ({@code kafka.topic-prefix} + {@code alerter-fanout}, default
 *       {@code wirewatch.alerter-fanout}): the Kafka Streams application id of the fan-out, and so its consumer group.
 *       It reads {@code <prefix>mentions} (and {@code <prefix>subscriptions} as a global store, with no group) and
 *       writes {@code <prefix>alerts} with {@code exactly_once_v2}. Its internal topics are
 *       {@code <prefix>alerter-fanout-by-subscription-repartition} (partitions: {@code alerter.fanout.partitions}, by
 *       default those of the alerts topic) and the changelogs
 *       {@code <prefix>alerter-fanout-alerter-seen-changelog}, {@code -alerter-digests-changelog},
 *       {@code -alerter-digest-due-changelog} and {@code -alerter-budget-changelog}. Scale it on the group's lag on
 *       {@code <prefix>mentions}, up to that topic's partition count.</li>
 *   <li>{@code <prefix>alerter-delivery} (default {@code wirewatch.alerter-delivery}): the consumer group of the
 *       delivery side on {@code <prefix>alerts} and {@code <prefix>delivery-retries}. Scale it on the group's lag on
 *       {@code <prefix>alerts}, up to that topic's partition count.</li>
 *   <li>Without a group: each delivery instance reads all of {@code <prefix>subscriptions} with an assigned consumer;
 *       {@link dev.wirewatch.alerter.AlertReplay} reads {@code <prefix>alerts} the same way.</li>
 * </ul>
 *
 * <h2>Topics written</h2>
 * {@code <prefix>alerts} (fan-out), {@code <prefix>deliveries} (every attempt), {@code <prefix>delivery-retries}
 * (compacted retry state, keyed by alert id), {@code <prefix>subscriptions} (a subscription disabled after 410 Gone or
 * persistent failure) and {@code <prefix>dlq.alerter} (records that could not be read).
 *
 * <h2>Retry state</h2>
 * A failed delivery's next attempt is a record in the compacted {@code <prefix>delivery-retries} topic; the alert's
 * offset in {@code <prefix>alerts} is committed only after that record is acknowledged (or the alert delivered). The
 * owner of a retry partition reads it from the beginning after every assignment and runs the retries when due, so
 * retries survive restarts and rebalances and never block the reading of new alerts.
 *
 * <h2>Meters</h2>
 * Fan-out: {@code wirewatch.alerter.mentions}, {@code .fanout.routed}, {@code .alerts{kind}},
 * {@code .fanout.held{reason}}, {@code .fanout.dropped{reason}}, {@code .subscriptions}, {@code .fanout.errors{kind}},
 * {@code .fanout.thread.failures}, {@code wirewatch.dead.letters{stage=alerter}} and the Kafka Streams client meters.
 * Delivery: {@code wirewatch.alerter.deliveries{channel,outcome}}, {@code .delivery.latency{channel}},
 * {@code .delivery.age{channel}}, {@code .retries.pending}, {@code .delivery.in-flight}, {@code .delivery.queued},
 * {@code .deferred{reason}}, {@code .endpoints.disabled{reason}}, {@code .owner.notices{outcome}},
 * {@code .egress.refused}, {@code .delivery.errors{kind}}. Health checks: {@code alerter-fanout},
 * {@code alerter-delivery}.
 *
 * <p>Settings: {@link dev.wirewatch.alerter.AlerterSettings}.
 */
package dev.wirewatch.alerter;
