package dev.wirewatch.core.kafka.streams;

import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record a stage cannot deserialize is logged, counted and sent to the
 * dead-letter topic named by {@code errors.dead.letter.queue.topic.name}, with its original key and bytes and the
 * {@code __streams.errors.*} headers; the stage goes on with the next record.
 *
 * <p>Public only because Kafka Streams creates it by class name.
 */
public final class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {

    private Counter errors;
    private Counter deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        errors = DeadLetterHandlers.errors(configs, "deserialization");
        deadLetters = DeadLetterHandlers.deadLetters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        errors.increment();
        Response response = super.handleError(context, record, exception);
        deadLetters.increment(response.deadLetterQueueRecords().size());
        return response;
    }
}
