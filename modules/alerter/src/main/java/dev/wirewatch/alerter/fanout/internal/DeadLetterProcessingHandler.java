package dev.wirewatch.alerter.fanout.internal;

import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record whose processing throws is logged, counted and sent to the dead-letter topic with the raw bytes of its
 * source record; the fan-out goes on with the next record.
 */
public final class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {

    private Counter errors;
    private Counter deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        errors = FanoutHandlers.errors(configs, "processing");
        deadLetters = FanoutHandlers.deadLetters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        errors.increment();
        Response response = super.handleError(context, record, exception);
        deadLetters.increment(response.deadLetterQueueRecords().size());
        return response;
    }
}
