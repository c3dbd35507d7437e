package dev.wirewatch.article;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * The rules that tell boilerplate from article text: what an element's class and id say (navigation, comments,
 * sharing; or the article's own body), and which rendered lines are teasers, credits, dates or bylines.
 *
 * <p>Class and id strings repeat across elements and pages, so their verdicts are cached in the instance (bounded);
 * the {@link Extractor} that owns it shares it between every page it reads. Thread-safe.
 */
final class Boilerplate {

    private static final Pattern UNLIKELY = Pattern.compile(
            "(?i)-ad-|^ad-|^ads?$|adsense|advert|ai2html|banner|breadcrumb|combx|comment|community|cookie|consent|cover-wrap"
                    + "|disqus|extra|foot|gdpr|header|legends|menu|masthead|related|remark|replies|rss|shoutbox|sidebar"
                    + "|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share"
                    + "|sharing|newsletter|subscribe|signup|promo|outbrain|taboola|tags?$|tag-?list|tagcloud"
                    + "|byline|author-?(bio|box|info)|navbar|navigation|^nav|toolbar|print|modal|overlay|login"
                    + "|breaking-?news|trending|most-?(read|popular)|recommend|teaser|follow|meta-?data|postmeta"
                    + "|post-?meta|entry-?meta|article-?meta|dateline|timestamp|publish(ed)?-?date|caption-?credit|copyright"
                    + "|caption|credit|jump|skip|hidden|sr-only|visually-?hidden|screen-?reader|donate|paywall|banner|prev|next-?post");
    /** Names that mark boilerplate even next to a name like "content" ({@code comment-content}, {@code CookieDialogBody}). */
    private static final Pattern STRONG = Pattern.compile(
            "(?i)cookie|consent|gdpr|disqus|comments?(?:$|[-_ ](?:list|area|section|respond|form|wrap|container|block|content|body|text))"
                    + "|^comments?|commentlist|newsletter|paywall|outbrain|taboola|share-?(?:bar|buttons|tools|links)"
                    + "|social-?(?:share|links|media|icons)|related-?(?:posts|articles|stories|content|links)|sidebar");
    private static final Pattern MAYBE = Pattern.compile(
            "(?i)and|article|body|column|content|main|shadow|story|entry|text|post|blog|prose|page");
    private static final Pattern POSITIVE = Pattern.compile(
            "(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose|rich-?text");
    private static final Pattern NEGATIVE = Pattern.compile(
            "(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead"
                    + "|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags"
                    + "|tool|widget|byline|author|dateline|social|newsletter|subscribe|nav|menu|breadcrumb|cookie");

    private static final Pattern TEASER_LINE = Pattern.compile("(?iu)^[\\s»>▶►•\\-–—|]*(?:"
            + "lea (?:también|más|tambien|mas)|lea:|le puede interesar|te puede interesar|puedes ver|vea también|ver también|lee también"
            + "|leer más|mira también|mira lo que|síguenos|siguenos|suscríbete|hazte miembro|artículos relacionados|noticias relacionadas"
            + "|à lire aussi|a lire aussi|lire aussi|à voir aussi|voir aussi|pour lire la suite|abonnez-vous|partager"
            + "|czytaj (?:też|także|więcej)|zobacz (?:też|także)|dowiedz się więcej|czytasz właśnie|zapraszamy"
            + "|lesen sie (?:auch|hier|mehr)|das könnte sie auch interessieren|mehr zum thema|auch interessant|weiterlesen"
            + "|weitere (?:artikel|beiträge|pressemitteilungen|tourentipps)|der beitrag wurde am|dieser eintrag wurde|jetzt abonnieren"
            + "|leggi anche|potrebbe interessarti|ti potrebbe interessare"
            + "|read (?:more|also|further)|see also|also read|related(?: articles| stories| posts)?:|recommended(?: for you)?:"
            + "|more on this|this (?:entry|post) was posted|posted (?:by|in|on)|filed under|tagged(?: with)?:|tags:|share this"
            + "|comments are closed|categor(?:y|ies):|kategorie:|print recipe|credits?:|photo:|photos:|foto:|fotos:|bild:"
            + "|crédits? photos?|getty images|advertisement|anzeige|reklama|publicidad|werbung|follow us|subscribe (?:to|now)"
            + "|sign up|never miss|don't miss|missed the|get the .{0,40}(?:newsletter|app)|download (?:the|our)|last (?:modified|updated):"
            + "|aktualisiert am|updated:|published:|veröffentlicht am|zuletzt aktualisiert|mire:|mira:|follow (?:the|us|@)"
            + "|keine kommentare|no comments|\\d+ (?:antworten|kommentare|comments|responses|replies)\\b|das thema könnte"
            + "|auch auf |weitere informationen|weiterführende informationen|category\\s*:|release date:|submit your"
            + "|\\*?werbung\\b|¿ya sabías|únete|join (?:us|our)|we recommend|advertising disclosure|image illustrative"
            + "|stay up-to-date|missing out|gefällt dir|hier können sie|permalien|permalink|wird geladen|loading\\.\\.\\."
            + "|meist-?diskutiert|most (?:read|popular)|über diese reihe|alle artikel|kontakt$|contact us|print$|pdf$"
            + "|\\(?fachthemen\\)?$|darstellung$|we want to hear|do you want to be informed|this post contains references"
            + "|immediate online access|instant access to|diese beiträge solltest|nicht verpassen)");
    private static final Pattern PROMO_ANYWHERE = Pattern.compile("(?iu)all rights reserved|alle rechte vorbehalten|©|copyright"
            + "|newsletter|app for ios|for ios and android|subscribe to|sign up for|log in for|not logged in|nicht eingeloggt"
            + "|todos los derechos");

    private static final Pattern DATE_LINE = Pattern.compile("(?iu)^(?:\\p{L}{2,12},?\\s+)?(?:"
            + "\\d{1,2}\\.\\s*\\p{L}{3,12}\\.?(?:\\s+\\d{4})?"
            + "|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}"
            + "|\\p{L}{3,12}\\.?\\s+\\d{1,2},?\\s+\\d{4}"
            + "|\\d{1,2}\\s+(?:de\\s+)?\\p{L}{3,12}\\.?(?:\\s+(?:de\\s+)?\\d{4})"
            + ")(?:,?\\s*(?:um\\s+|à\\s+|at\\s+|a las\\s+|-\\s+)?\\d{1,2}[:.h]\\d{2}(?:\\s*(?:uhr|h|am|pm))?)?$"
            + "|^\\d{1,2}:\\d{2}(?:\\s*(?:uhr|h|am|pm))?$");
    private static final Pattern BYLINE_PREFIX = Pattern.compile("(?iu)^(?:by|von|por|par|di|door|przez|autor|author|text)[:\\s]+");

    /** Whether a line only names the author or gives a date: metadata, not article text. */
    static boolean metadataLine(String line, Metadata meta) {
        if (line.length() < 40 && DATE_LINE.matcher(line).matches() && line.chars().anyMatch(Character::isDigit)) {
            return true;
        }
        if (meta == null) {
            return false;
        }
        if (meta.author() != null && line.length() < 120) {
            String name = BYLINE_PREFIX.matcher(line).replaceFirst("");
            return name.equalsIgnoreCase(meta.author()) || (line.length() < 60 && BYLINE_PREFIX.matcher(line).find()
                    && name.toLowerCase(Locale.ROOT).contains(meta.author().toLowerCase(Locale.ROOT)));
        }
        return false;
    }

    /** Whether a rendered line is a teaser, a credit or a call to subscribe rather than article text. */
    static boolean boilerplateLine(String line) {
        if (line.length() > 220) {
            return false;
        }
        return TEASER_LINE.matcher(line).find() || (line.length() < 160 && PROMO_ANYWHERE.matcher(line).find());
    }

    private static final int CACHE_LIMIT = 100_000;

    private final ConcurrentHashMap<String, Integer> verdicts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Double> weights = new ConcurrentHashMap<>();

    /** Whether an id or class names boilerplate (and nothing that may be the article). */
    boolean unlikely(String id, String className) {
        int a = verdict(id);
        int b = verdict(className);
        // bit 1: an unlikely name, bit 2: a name that may be the article, bit 4: a name that is boilerplate whatever else
        int v = a | b;
        return (v & 4) != 0 || ((v & 1) != 0 && (v & 2) == 0);
    }

    boolean strong(String id, String className) {
        return ((verdict(id) | verdict(className)) & 4) != 0;
    }

    private int verdict(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        Integer cached = verdicts.get(value);
        if (cached == null) {
            cached = (UNLIKELY.matcher(value).find() ? 1 : 0) | (MAYBE.matcher(value).find() ? 2 : 0)
                    | (STRONG.matcher(value).find() ? 4 : 0);
            if (verdicts.size() > CACHE_LIMIT) {
                verdicts.clear();
            }
            verdicts.put(value, cached);
        }
        return cached;
    }

    private double patternWeight(String value) {
        Double cached = weights.get(value);
        if (cached == null) {
            double weight = 0;
            if (NEGATIVE.matcher(value).find()) {
                weight -= 25;
            }
            if (POSITIVE.matcher(value).find()) {
                weight += 25;
            }
            cached = weight;
            if (weights.size() > CACHE_LIMIT) {
                weights.clear();
            }
            weights.put(value, cached);
        }
        return cached;
    }

    /** How much an element's class, id and {@code itemprop} say it is the article (positive) or not (negative). */
    double classWeight(Element e) {
        double weight = 0;
        for (String value : new String[] {e.className(), e.id()}) {
            if (!value.isEmpty()) {
                weight += patternWeight(value);
            }
        }
        if (e.hasAttr("itemprop") && e.attr("itemprop").toLowerCase(Locale.ROOT).contains("articlebody")) {
            weight += 50;
        }
        return weight;
    }
}
