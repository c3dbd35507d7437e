package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import java.util.Locale;

/** A subscription's optional filters: article languages, and sources by host or parent domain. */
final class MentionFilter {

    private MentionFilter() {
    }

    static boolean accepts(Subscription subscription, Mention mention) {
        return languageMatches(subscription, mention) && sourceMatches(subscription, mention);
    }

    private static boolean languageMatches(Subscription subscription, Mention mention) {
        if (subscription.languages().isEmpty()) {
            return true;
        }
        if (mention.language() == null) {
            return false;
        }
        String language = mention.language().toLowerCase(Locale.ROOT);
        for (String wanted : subscription.languages()) {
            String w = wanted.strip().toLowerCase(Locale.ROOT);
            // "es" takes "es-419" too
            if (language.equals(w) || language.startsWith(w + "-") || language.startsWith(w + "_")) {
                return true;
            }
        }
        return false;
    }

    private static boolean sourceMatches(Subscription subscription, Mention mention) {
        if (subscription.sources().isEmpty()) {
            return true;
        }
        String host = host(mention);
        if (host == null) {
            return false;
        }
        for (String wanted : subscription.sources()) {
            String w = ArticleIds.withoutWww(wanted.strip().toLowerCase(Locale.ROOT));
            if (host.equals(w) || host.endsWith("." + w)) {
                return true;
            }
        }
        return false;
    }

    private static String host(Mention mention) {
        String source = mention.source();
        if (source == null || source.isBlank()) {
            return ArticleIds.sourceHost(mention.url());
        }
        return ArticleIds.withoutWww(source.toLowerCase(Locale.ROOT));
    }
}
