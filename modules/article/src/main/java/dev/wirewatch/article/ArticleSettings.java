package dev.wirewatch.article;

import dev.wirewatch.core.config.ConfigKey;
import java.util.List;

/**
 * The settings of reading articles, which the collector and the console share: a page reads the same whichever way
 * it came in. The key keeps its {@code collector.} name, which deployments already set.
 */
public final class ArticleSettings {

    public static final ConfigKey<List<String>> LANGUAGES = ConfigKey.list("collector.languages",
            "en,es,pt,fr,de,it,nl,ca", "ISO 639-1 codes among which the language detector chooses");

    private ArticleSettings() {
    }
}
