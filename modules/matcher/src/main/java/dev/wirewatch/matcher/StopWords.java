package dev.wirewatch.matcher;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Function words of the languages the desks read (Spanish, English, Portuguese, French): a highlight that is one of
 * them alone shows nothing of why the article matched, so the matcher leaves it out. Inside a phrase they stay.
 */
final class StopWords {

    private static final Set<String> WORDS = Set.copyOf(List.of(
            // Spanish
            "de", "del", "la", "las", "el", "los", "y", "o", "en", "a", "al", "un", "una", "unos", "unas", "que",
            "se", "por", "con", "para", "su", "sus", "lo", "es", "no", "como", "mas", "pero", "sin", "sobre",
            // English
            "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "an", "is", "are", "was", "it",
            "as", "from", "that", "this", "be", "not",
            // Portuguese
            "da", "do", "das", "dos", "e", "em", "na", "no", "nas", "nos", "os", "as", "um", "uma", "ao",
            // French
            "le", "les", "des", "du", "et", "ou", "au", "aux", "une", "dans", "pour", "sur", "par"));

    /** The length of the longest word listed: a longer span is not one. */
    static final int MAX_LENGTH = WORDS.stream().mapToInt(String::length).max().orElse(0);

    private StopWords() {
    }

    /** Whether {@code word} (any case, accents as written) is a function word. */
    static boolean is(String word) {
        return WORDS.contains(word.strip().toLowerCase(Locale.ROOT));
    }
}
