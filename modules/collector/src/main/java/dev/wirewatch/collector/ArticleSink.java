package dev.wirewatch.collector;

import dev.wirewatch.core.model.Article;

/**
 * Where the collector puts each new article or new version: Kafka in production, a list in tests, a counter in
 * benchmarks.
 */
@FunctionalInterface
public interface ArticleSink {

    /**
     * Publishes one article and returns once it is stored; called from many threads at once.
     *
     * @throws Exception when it was not stored: the collector forgets the item and tries again on the next poll
     */
    void publish(Article article) throws Exception;
}
