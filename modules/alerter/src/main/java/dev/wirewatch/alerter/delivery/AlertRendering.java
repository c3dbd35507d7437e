package dev.wirewatch.alerter.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.MatchedTopic;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns an alert into what each channel sends: the Standard Webhooks JSON body, a Slack message (text plus blocks),
 * and an e-mail (subject, plain text, HTML).
 *
 * <p>A digest lists its mentions grouped by story: the first mention of a story is its line, later copies are listed
 * under it as "also in". Only {@code http} and {@code https} links are rendered as links.
 */
final class AlertRendering {

    /** Slack allows 50 blocks; a digest shows this many stories and counts the rest. */
    static final int SLACK_MAX_STORIES = 20;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    /** One story of an alert: its first mention and later copies. */
    record Story(Mention lead, List<Mention> copies) {
    }

    private AlertRendering() {
    }

    static List<Story> stories(Alert alert) {
        Map<String, List<Mention>> byStory = new LinkedHashMap<>();
        for (Mention m : alert.mentions()) {
            String story = m.storyId() == null || m.storyId().isBlank() ? m.articleId() : m.storyId();
            byStory.computeIfAbsent(story, s -> new ArrayList<>()).add(m);
        }
        List<Story> out = new ArrayList<>();
        byStory.values().forEach(ms -> out.add(new Story(ms.get(0), List.copyOf(ms.subList(1, ms.size())))));
        return out;
    }

    /**
     * The Standard Webhooks payload: {@code {"type", "timestamp", "data"}} with the alert as data, written from the
     * alert's JSON as read from Kafka when given (null: the alert is written anew).
     */
    static byte[] webhookBody(Alert alert, byte[] alertJson) {
        String head = "{\"type\":\"alert." + (alert.kind() == null ? Alert.REALTIME : alert.kind()) + "\","
                + (alert.createdAt() == null ? "" : "\"timestamp\":\"" + alert.createdAt() + "\",") + "\"data\":";
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        byte[] data = alertJson != null ? alertJson : Topics.ALERT_SERDE.toBytes(alert);
        byte[] body = new byte[prefix.length + data.length + 1];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(data, 0, body, prefix.length, data.length);
        body[body.length - 1] = '}';
        return body;
    }

    static String subject(Alert alert, Subscription subscription) {
        List<Story> stories = stories(alert);
        if (Alert.DIGEST.equals(alert.kind()) || stories.size() != 1) {
            return "[Wirewatch] " + subscription.name() + ": " + stories.size()
                    + (stories.size() == 1 ? " story" : " stories");
        }
        Mention m = stories.get(0).lead();
        return "[Wirewatch] " + topicName(m) + ": " + oneLine(m.title());
    }

    static String text(Alert alert, Subscription subscription) {
        StringBuilder out = new StringBuilder();
        if (alert.note() != null) {
            out.append(alert.note()).append("\n\n");
        }
        List<Story> stories = stories(alert);
        if (Alert.DIGEST.equals(alert.kind())) {
            out.append(stories.size()).append(stories.size() == 1 ? " story" : " stories").append(" for ")
                    .append(subscription.name()).append("\n\n");
        }
        int n = 0;
        for (Story story : stories) {
            Mention m = story.lead();
            if (Alert.DIGEST.equals(alert.kind())) {
                out.append(++n).append(". ");
            }
            out.append(topicName(m)).append(": ").append(oneLine(m.title())).append('\n');
            out.append("   ").append(byline(m)).append('\n');
            if (m.url() != null) {
                out.append("   ").append(m.url()).append('\n');
            }
            if (m.snippet() != null && !m.snippet().isBlank()) {
                out.append("   \u201c").append(m.snippet()).append("\u201d\n");
            }
            for (Mention copy : story.copies()) {
                out.append("   also in ").append(source(copy)).append(copy.url() == null ? "" : ": " + copy.url())
                        .append('\n');
            }
            out.append('\n');
        }
        out.append("-- \nWirewatch alert ").append(alert.id()).append(" for ").append(subscription.name()).append('\n');
        return out.toString();
    }

    static String html(Alert alert, Subscription subscription) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(subject(alert, subscription))).append("</title></head>")
                .append("<body style=\"font-family:sans-serif;max-width:40em\">");
        if (alert.note() != null) {
            out.append("<p><em>").append(escape(alert.note())).append("</em></p>");
        }
        List<Story> stories = stories(alert);
        if (Alert.DIGEST.equals(alert.kind())) {
            out.append("<h2>").append(stories.size()).append(stories.size() == 1 ? " story" : " stories")
                    .append(" for ").append(escape(subscription.name())).append("</h2>");
        }
        for (Story story : stories) {
            Mention m = story.lead();
            out.append("<div style=\"margin-bottom:1.2em\"><div style=\"color:#666;font-size:90%\">")
                    .append(escape(topicName(m))).append("</div><h3 style=\"margin:.2em 0\">");
            String title = marked(m.title() == null ? "" : m.title(), Highlighter.titleSpans(m), "<mark>", "</mark>",
                    AlertRendering::escape);
            out.append(link(m.url(), title)).append("</h3><div style=\"color:#666;font-size:90%\">")
                    .append(escape(byline(m))).append("</div>");
            if (m.snippet() != null && !m.snippet().isBlank()) {
                out.append("<blockquote style=\"margin:.5em 0 .5em 1em\">")
                        .append(marked(m.snippet(), Highlighter.snippetSpans(m), "<mark>", "</mark>", AlertRendering::escape))
                        .append("</blockquote>");
            }
            if (!story.copies().isEmpty()) {
                out.append("<div style=\"font-size:90%\">Also in: ");
                List<String> links = new ArrayList<>();
                for (Mention copy : story.copies()) {
                    links.add(link(copy.url(), escape(source(copy))));
                }
                out.append(String.join(", ", links)).append("</div>");
            }
            out.append("</div>");
        }
        out.append("<p style=\"color:#999;font-size:80%\">Wirewatch alert ").append(escape(alert.id())).append(" for ")
                .append(escape(subscription.name())).append("</p></body></html>");
        return out.toString();
    }

    /** A Slack incoming-webhook message: fallback text, and blocks with links and highlighted snippets. */
    static byte[] slack(Alert alert, Subscription subscription) {
        ObjectNode message = Json.mapper().createObjectNode();
        List<Story> stories = stories(alert);
        boolean digest = Alert.DIGEST.equals(alert.kind());
        Mention first = stories.isEmpty() ? null : stories.get(0).lead();
        String fallback = digest || first == null
                ? subscription.name() + ": " + stories.size() + (stories.size() == 1 ? " story" : " stories")
                : topicName(first) + ": " + oneLine(first.title()) + (first.url() == null ? "" : " " + first.url());
        message.put("text", fallback);
        message.put("unfurl_links", false);
        ArrayNode blocks = message.putArray("blocks");
        if (digest) {
            ObjectNode header = blocks.addObject().put("type", "header");
            header.putObject("text").put("type", "plain_text")
                    .put("text", truncate(subscription.name() + ": " + stories.size()
                            + (stories.size() == 1 ? " story" : " stories"), 150));
        }
        if (alert.note() != null) {
            context(blocks, slackEscape(alert.note()));
        }
        int shown = 0;
        for (Story story : stories) {
            if (shown++ == SLACK_MAX_STORIES) {
                context(blocks, (stories.size() - SLACK_MAX_STORIES) + " more stories not shown.");
                break;
            }
            Mention m = story.lead();
            String title = slackEscape(oneLine(m.title()));
            StringBuilder text = new StringBuilder();
            text.append('*').append(slackLink(m.url(), title)).append("*\n_")
                    .append(slackEscape(topicName(m) + " \u00b7 " + byline(m))).append('_');
            if (m.snippet() != null && !m.snippet().isBlank()) {
                text.append("\n> ").append(marked(m.snippet(), Highlighter.snippetSpans(m), "*", "*",
                        AlertRendering::slackEscape));
            }
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", truncate(text.toString(), 2900));
            if (!story.copies().isEmpty()) {
                List<String> links = new ArrayList<>();
                for (Mention copy : story.copies()) {
                    links.add(slackLink(copy.url(), slackEscape(source(copy))));
                }
                context(blocks, truncate("Also in: " + String.join(", ", links), 2900));
            }
        }
        return bytes(message);
    }

    private static void context(ArrayNode blocks, String mrkdwn) {
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", mrkdwn);
    }

    private static String marked(String text, List<Highlighter.Span> spans, String open, String close,
            UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Highlighter.Span span : spans) {
            if (span.start() < at || span.end() > text.length()) {
                continue;
            }
            out.append(escape.apply(text.substring(at, span.start()))).append(open)
                    .append(escape.apply(text.substring(span.start(), span.end()))).append(close);
            at = span.end();
        }
        out.append(escape.apply(text.substring(at)));
        return out.toString();
    }

    /** The names of every topic the alert names for this article (its subscription's), joined. */
    private static String topicName(Mention m) {
        if (m.matchedTopics().size() > 1) {
            StringBuilder out = new StringBuilder();
            for (MatchedTopic t : m.matchedTopics()) {
                if (!out.isEmpty()) {
                    out.append(", ");
                }
                out.append(t.topicName() == null ? t.topicId() : t.topicName());
            }
            return out.toString();
        }
        return m.topicName() == null ? m.topicId() : m.topicName();
    }

    private static String source(Mention m) {
        return m.source() == null ? "another source" : m.source();
    }

    private static String byline(Mention m) {
        StringBuilder out = new StringBuilder(source(m));
        if (m.language() != null) {
            out.append(" \u00b7 ").append(m.language());
        }
        if (m.publishedAt() != null) {
            out.append(" \u00b7 ").append(WHEN.format(m.publishedAt().atZone(ZoneOffset.UTC))).append(" UTC");
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static boolean linkable(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static String link(String url, String html) {
        return linkable(url) ? "<a href=\"" + escape(url.strip()) + "\">" + html + "</a>" : html;
    }

    private static String slackLink(String url, String text) {
        if (!linkable(url) || url.contains("|") || url.contains(">")) {
            return text;
        }
        return "<" + url.strip().replace("&", "&amp;").replace("<", "&lt;") + "|" + text + ">";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return Json.mapper().writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to write a JSON tree, which cannot fail", e);
        }
    }
}
