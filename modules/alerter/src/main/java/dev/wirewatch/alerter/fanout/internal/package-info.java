/**
 * The fan-out's exception handlers, public only because Kafka Streams creates them by class name; not an API.
 */
package dev.wirewatch.alerter.fanout.internal;
