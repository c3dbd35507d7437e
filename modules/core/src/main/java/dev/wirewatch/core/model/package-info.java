/**
 * The domain records that travel through Kafka. Every record carries a {@code schemaVersion}; readers ignore
 * fields they do not know, so producers may add fields without breaking older readers.
 */
package dev.wirewatch.core.model;
