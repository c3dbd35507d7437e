package dev.wirewatch.article;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.List;
import java.util.Locale;

/**
 * Names the language of an article: Lingua (low-accuracy mode, only the configured languages, models loaded on first
 * use) on the start of the text, or the page's own declaration when the text is too short to tell or Lingua cannot
 * decide.
 *
 * <p>Low-accuracy mode keeps only trigram models in memory (a few MB per language) and is accurate on news text of
 * a paragraph or more. Thread-safe.
 */
public final class LanguageDetection {

    private static final int SAMPLE_CHARS = 300;
    private static final int MIN_CHARS = 40;

    private final LanguageDetector detector;

    public LanguageDetection(List<String> isoCodes) {
        IsoCode639_1[] codes = isoCodes.stream()
                .map(c -> IsoCode639_1.valueOf(c.strip().toUpperCase(Locale.ROOT)))
                .toArray(IsoCode639_1[]::new);
        if (codes.length < 2) {
            throw new IllegalArgumentException("collector.languages needs at least two languages, got " + isoCodes);
        }
        this.detector = LanguageDetectorBuilder.fromIsoCodes639_1(codes).withLowAccuracyMode().build();
    }

    /**
     * The ISO 639-1 code of the text's language, or null when unknown.
     *
     * @param declared the page's or feed's own declaration ({@code es-SV}, {@code en_US}), or null
     */
    public String detect(String text, String declared) {
        String fromPage = primary(declared);
        if (text == null || text.length() < MIN_CHARS) {
            return fromPage;
        }
        Language language = detector.detectLanguageOf(text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text);
        if (language == Language.UNKNOWN) {
            return fromPage;
        }
        // a template's lang="en" on a Spanish page is common: the text wins when Lingua is sure
        return language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
    }

    /** {@code es-SV} to {@code es}; null for blank or odd values. */
    static String primary(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = t.indexOf('-');
        String p = dash < 0 ? t : t.substring(0, dash);
        return p.matches("[a-z]{2,3}") ? p : null;
    }
}
