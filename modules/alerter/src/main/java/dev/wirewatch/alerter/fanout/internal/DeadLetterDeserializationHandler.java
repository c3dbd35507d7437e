package dev.wirewatch.alerter.fanout.internal;

import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record the fan-out cannot read (a mention or subscription that is not valid JSON) is logged, counted and sent to
 * the dead-letter topic named by {@code errors.dead.letter.queue.topic.name} with its original bytes and the
 * {@code __streams.errors.*} headers; the fan-out goes on with the next record.
 */
public final class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {

    private Counter errors;
    private Counter deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        errors = FanoutHandlers.errors(configs, "deserialization");
        deadLetters = FanoutHandlers.deadLetters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        errors.increment();
        Response response = super.handleError(context, record, exception);
        deadLetters.increment(response.deadLetterQueueRecords().size());
        return response;
    }
}
