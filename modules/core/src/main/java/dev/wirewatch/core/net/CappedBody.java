package dev.wirewatch.core.net;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a body up to a cap as it streams in (chunked or not); over the cap it cancels the transfer and either fails
 * with TOO_LARGE or completes with what it has (for bodies that are only read for an excerpt).
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int cap;
    private final boolean failOnOverflow;
    private final long declaredLength;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    CappedBody(int cap, boolean failOnOverflow, long declaredLength) {
        this.cap = cap;
        this.failOnOverflow = failOnOverflow;
        this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (failOnOverflow && declaredLength > cap) {
            s.cancel();
            result.completeExceptionally(new EgressException(EgressException.Kind.TOO_LARGE,
                    "Content-Length " + declaredLength + " is over the cap of " + cap + " bytes"));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if (buffer.size() + n > cap) {
                subscription.cancel();
                if (failOnOverflow) {
                    result.completeExceptionally(new EgressException(EgressException.Kind.TOO_LARGE,
                            "body is over the cap of " + cap + " bytes"));
                } else {
                    byte[] head = new byte[cap - buffer.size()];
                    item.get(head);
                    buffer.write(head, 0, head.length);
                    result.complete(buffer.toByteArray());
                }
                return;
            }
            byte[] bytes = new byte[n];
            item.get(bytes);
            buffer.write(bytes, 0, n);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }
}
