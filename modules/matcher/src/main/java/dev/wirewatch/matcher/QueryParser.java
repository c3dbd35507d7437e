package dev.wirewatch.matcher;

import dev.wirewatch.matcher.Node.And;
import dev.wirewatch.matcher.Node.Meta;
import dev.wirewatch.matcher.Node.MetaKind;
import dev.wirewatch.matcher.Node.Near;
import dev.wirewatch.matcher.Node.Not;
import dev.wirewatch.matcher.Node.Or;
import dev.wirewatch.matcher.Node.Phrase;
import dev.wirewatch.matcher.Node.Prefix;
import dev.wirewatch.matcher.Node.Term;
import dev.wirewatch.matcher.Node.TextAtom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the query language of DESIGN.md into analysed {@link Node}s.
 *
 * <p>Grammar, loosest first: {@code or := and (OR and)*}, {@code and := not ([AND] not)*}, {@code not := (NOT|-)
 * not | near}, {@code near := primary [NEAR/n primary]}, {@code primary := title:|body: primary | ( or ) | word |
 * word* | "phrase" | lang:x | source:x}. Operators are upper case; anything else is a word.
 */
final class QueryParser {

    static final int MIN_PREFIX = 3;
    static final int MAX_SLOP = 1000;
    static final int MAX_QUERY_LENGTH = 10_000;
    static final int MAX_ATOMS = 1_000;
    /**
     * How deeply parentheses, NOT and field scopes may nest. Parsing, validation, compilation and evaluation all
     * recurse over the tree, so an unbounded depth would let one query overflow the stack of whichever thread
     * compiles it (the tagger's global thread among them); real queries nest a handful of levels.
     */
    static final int MAX_DEPTH = 64;

    private enum Kind { WORD, PHRASE, LPAREN, RPAREN, AND, OR, NOT, MINUS, NEAR, FIELD, META, EOF }

    private record Token(Kind kind, String text, int start, int end, int value) {
    }

    private final String query;
    private final TextAnalyzer analyzer;
    private final List<Token> tokens = new ArrayList<>();
    private int next;
    private int atoms;
    private int depth;

    private QueryParser(String query, TextAnalyzer analyzer) {
        this.query = query;
        this.analyzer = analyzer;
    }

    /** Parses and validates {@code query}, analysing its words with {@code analyzer}. */
    static Node parse(String query, TextAnalyzer analyzer) {
        if (query == null || query.isBlank()) {
            throw new QueryException("empty query", 0, "write at least one word to look for");
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new QueryException("query longer than " + MAX_QUERY_LENGTH + " characters", MAX_QUERY_LENGTH,
                    "split the topic into several topics");
        }
        QueryParser parser = new QueryParser(query, analyzer);
        parser.lex();
        Node root = parser.parseOr(Node.BOTH);
        Token trailing = parser.peek();
        if (trailing.kind() != Kind.EOF) {
            throw trailing.kind() == Kind.RPAREN
                    ? new QueryException("unexpected ')'", trailing.start(), "remove it or add the matching '('")
                    : new QueryException("unexpected '" + trailing.text() + "'", trailing.start(),
                            "check the operators around it");
        }
        Validation.check(root, query);
        return root;
    }

    // ---- lexer ----

    private void lex() {
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.LPAREN, "(", i, i + 1, 0));
                i++;
            } else if (c == ')') {
                tokens.add(new Token(Kind.RPAREN, ")", i, i + 1, 0));
                i++;
            } else if (isOpenQuote(c)) {
                int close = closingQuote(i + 1);
                if (close < 0) {
                    throw new QueryException("unclosed quote", i, "close the phrase with a second \"");
                }
                tokens.add(new Token(Kind.PHRASE, query.substring(i + 1, close), i, close + 1, 0));
                i = close + 1;
            } else if (c == '-') {
                if (i + 1 >= n || isSpace(query.charAt(i + 1)) || query.charAt(i + 1) == ')') {
                    throw new QueryException("'-' with nothing to exclude", i,
                            "write what to exclude right after the minus, as in bukele -cecot");
                }
                tokens.add(new Token(Kind.MINUS, "-", i, i + 1, 0));
                i++;
            } else {
                i = lexWord(i);
            }
        }
        tokens.add(new Token(Kind.EOF, "", n, n, 0));
    }

    private int lexWord(int start) {
        int end = start;
        while (end < query.length() && !isBoundary(query.charAt(end))) {
            end++;
        }
        String word = query.substring(start, end);
        int colon = word.indexOf(':');
        if (colon > 0) {
            String field = word.substring(0, colon).toLowerCase(Locale.ROOT);
            switch (field) {
                case "title", "body" -> {
                    tokens.add(new Token(Kind.FIELD, word.substring(0, colon + 1), start, start + colon + 1,
                            field.equals("title") ? Node.TITLE : Node.BODY));
                    return start + colon + 1;
                }
                case "lang", "source" -> {
                    if (colon == word.length() - 1) {
                        throw new QueryException("'" + field + ":' without a value", start,
                                field.equals("lang") ? "write a language code, as in lang:es"
                                        : "write a host name, as in source:elfaro.net");
                    }
                    tokens.add(new Token(Kind.META, word, start, end, field.equals("lang") ? 0 : 1));
                    return end;
                }
                default -> {
                    if (isFieldLike(field)) {
                        throw new QueryException("unknown field '" + word.substring(0, colon + 1) + "'", start,
                                "the fields are title:, body:, lang: and source:; quote the word to search it as text");
                    }
                }
            }
        }
        switch (word) {
            case "AND" -> tokens.add(new Token(Kind.AND, word, start, end, 0));
            case "OR" -> tokens.add(new Token(Kind.OR, word, start, end, 0));
            case "NOT" -> tokens.add(new Token(Kind.NOT, word, start, end, 0));
            default -> {
                if (word.equals("NEAR") || word.startsWith("NEAR/")) {
                    tokens.add(new Token(Kind.NEAR, word, start, end, nearSlop(word, start)));
                } else {
                    tokens.add(new Token(Kind.WORD, word, start, end, 0));
                }
            }
        }
        return end;
    }

    private static int nearSlop(String word, int start) {
        String digits = word.length() > 5 ? word.substring(5) : "";
        if (digits.isEmpty() || !digits.chars().allMatch(d -> d >= '0' && d <= '9')) {
            throw new QueryException("NEAR needs a distance", start, "write NEAR/n, as in Pegasus NEAR/5 spyware");
        }
        if (digits.length() > 4 || Integer.parseInt(digits) > MAX_SLOP) {
            throw new QueryException("NEAR distance above " + MAX_SLOP, start, "use a distance of at most " + MAX_SLOP);
        }
        return Integer.parseInt(digits);
    }

    private static boolean isFieldLike(String name) {
        if (name.length() < 2 || name.length() > 12) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private int closingQuote(int from) {
        for (int i = from; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '"' || c == '\u201D' || c == '\u201C') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isOpenQuote(char c) {
        return c == '"' || c == '\u201C' || c == '\u201D';
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isBoundary(char c) {
        return isSpace(c) || c == '(' || c == ')' || isOpenQuote(c);
    }

    // ---- parser ----

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private Node parseOr(int scope) {
        List<Node> children = new ArrayList<>();
        children.add(parseAnd(scope));
        while (peek().kind() == Kind.OR) {
            Token or = take();
            if (!startsOperand(peek().kind())) {
                throw new QueryException("OR without a right-hand side", or.start(), "write what may match instead, or remove OR");
            }
            children.add(parseAnd(scope));
        }
        return children.size() == 1 ? children.get(0) : flatten(children, true);
    }

    private Node parseAnd(int scope) {
        Token first = peek();
        if (!startsOperand(first.kind())) {
            throw unexpected(first);
        }
        List<Node> children = new ArrayList<>();
        children.add(parseNot(scope));
        while (true) {
            Kind kind = peek().kind();
            if (kind == Kind.AND) {
                Token and = take();
                if (!startsOperand(peek().kind())) {
                    throw new QueryException("AND without a right-hand side", and.start(), "write what must match as well, or remove AND");
                }
                children.add(parseNot(scope));
            } else if (startsOperand(kind)) {
                children.add(parseNot(scope));
            } else {
                break;
            }
        }
        return children.size() == 1 ? children.get(0) : flatten(children, false);
    }

    private Node parseNot(int scope) {
        Token token = peek();
        if (token.kind() == Kind.NOT || token.kind() == Kind.MINUS) {
            take();
            if (!startsOperand(peek().kind())) {
                throw new QueryException(token.text() + " without anything to exclude", token.start(),
                        "write what to exclude after it, as in bukele NOT cecot");
            }
            descend(token);
            Node child = parseNot(scope);
            depth--;
            return new Not(child, token.start(), child.end());
        }
        return parseNear(scope);
    }

    private Node parseNear(int scope) {
        int leftStart = peek().start();
        Node left = parsePrimary(scope);
        if (peek().kind() != Kind.NEAR) {
            return left;
        }
        Token near = take();
        Kind after = peek().kind();
        if (after == Kind.NOT || after == Kind.MINUS) {
            throw new QueryException("NEAR operands cannot be negated", peek().start(),
                    "use NOT outside: NOT (a NEAR/5 b), or bukele -(a NEAR/5 b)");
        }
        if (!startsOperand(after)) {
            throw new QueryException("NEAR without a right-hand side", near.start(), "write a word or phrase after " + near.text());
        }
        Node right = parsePrimary(scope);
        if (peek().kind() == Kind.NEAR) {
            throw new QueryException("NEAR does not chain", peek().start(),
                    "join the pairs with AND: (a NEAR/3 b) AND (b NEAR/3 c)");
        }
        List<TextAtom> leftAtoms = nearOperand(left);
        List<TextAtom> rightAtoms = nearOperand(right);
        int leftFields = 0;
        int rightFields = 0;
        for (TextAtom atom : leftAtoms) {
            leftFields |= atom.fields();
        }
        for (TextAtom atom : rightAtoms) {
            rightFields |= atom.fields();
        }
        if ((leftFields & rightFields) == 0) {
            throw new QueryException("NEAR operands in different fields can never be near", near.start(),
                    "scope both sides to the same field, or neither");
        }
        int rightEnd = tokens.get(next - 1).end();
        return new Near(leftAtoms, rightAtoms, near.value(), query.substring(leftStart, rightEnd), leftStart, rightEnd);
    }

    private List<TextAtom> nearOperand(Node node) {
        List<TextAtom> atoms = new ArrayList<>();
        collectNearOperand(node, atoms);
        return atoms;
    }

    private void collectNearOperand(Node node, List<TextAtom> out) {
        switch (node) {
            case TextAtom atom -> out.add(atom);
            case Or or -> or.children().forEach(child -> collectNearOperand(child, out));
            default -> throw new QueryException("NEAR operands must be words, prefixes, phrases or (a OR b) lists",
                    node.start(), "move AND, NOT and filters outside the NEAR");
        }
    }

    private Node parsePrimary(int scope) {
        Token token = take();
        switch (token.kind()) {
            case FIELD -> {
                int field = token.value();
                if (scope != Node.BOTH && scope != field) {
                    throw new QueryException("'" + token.text() + "' inside a different field scope", token.start(),
                            "a clause can be scoped to title: or body:, not both");
                }
                if (!startsOperand(peek().kind()) || peek().kind() == Kind.NOT || peek().kind() == Kind.MINUS) {
                    throw new QueryException("'" + token.text() + "' without a word, phrase or (group)", token.start(),
                            "write what to search right after it, as in title:bukele");
                }
                if (peek().kind() == Kind.META) {
                    throw new QueryException("filters cannot be scoped to a field", peek().start(),
                            "write lang: and source: on their own");
                }
                descend(token);
                Node scoped = parsePrimary(field);
                depth--;
                return scoped;
            }
            case LPAREN -> {
                if (peek().kind() == Kind.RPAREN) {
                    throw new QueryException("empty parentheses", token.start(), "put a word or phrase inside, or remove them");
                }
                descend(token);
                Node inner = parseOr(scope);
                depth--;
                Token close = take();
                if (close.kind() != Kind.RPAREN) {
                    throw new QueryException("unclosed parenthesis", token.start(), "add the matching ')'");
                }
                return inner;
            }
            case WORD -> {
                return word(token, scope);
            }
            case PHRASE -> {
                return phrase(token, scope);
            }
            case META -> {
                if (scope != Node.BOTH) {
                    throw new QueryException("filters cannot be scoped to a field", token.start(),
                            "write lang: and source: on their own");
                }
                return meta(token);
            }
            default -> throw unexpected(token);
        }
    }

    /** Enters one more level of nesting at {@code token}, or refuses the query when it nests too deeply. */
    private void descend(Token token) {
        if (++depth > MAX_DEPTH) {
            throw new QueryException("nested more than " + MAX_DEPTH + " levels deep", token.start(),
                    "remove redundant parentheses and NOTs, or split the topic into several topics");
        }
    }

    private QueryException unexpected(Token token) {
        return switch (token.kind()) {
            case EOF -> new QueryException("query ends too early", token.start(), "finish the last clause");
            case RPAREN -> new QueryException("unexpected ')'", token.start(), "remove it or add the matching '('");
            case AND, OR -> new QueryException(token.text() + " without a left-hand side", token.start(),
                    "write a word or phrase before " + token.text());
            case NEAR -> new QueryException("NEAR without a left-hand side", token.start(), "write a word or phrase before it");
            default -> new QueryException("unexpected '" + token.text() + "'", token.start(), "check the operators around it");
        };
    }

    private static boolean startsOperand(Kind kind) {
        return switch (kind) {
            case WORD, PHRASE, LPAREN, FIELD, META, NOT, MINUS -> true;
            default -> false;
        };
    }

    private Node word(Token token, int scope) {
        String word = token.text();
        int star = word.indexOf('*');
        if (star < 0) {
            List<String> terms = analyzer.terms(word);
            if (terms.isEmpty()) {
                throw new QueryException("'" + word + "' has no letters or digits to search", token.start(),
                        "remove it, or quote it if it is part of a phrase");
            }
            return textAtom(terms, scope, token);
        }
        if (star != word.length() - 1) {
            throw new QueryException("'*' only ends a prefix", token.start() + star,
                    "write the first letters then *, as in salvador*");
        }
        String stem = word.substring(0, star);
        List<String> terms = analyzer.terms(stem);
        if (terms.isEmpty()) {
            throw new QueryException("'*' without letters before it", token.start(), "write at least " + MIN_PREFIX + " letters before *");
        }
        if (terms.size() > 1) {
            throw new QueryException("a prefix must be one word", token.start(),
                    "drop the * or search the words as a phrase: \"" + stem + "\"");
        }
        String prefix = terms.get(0);
        if (prefix.codePointCount(0, prefix.length()) < MIN_PREFIX) {
            throw new QueryException("prefix '" + word + "' is too short", token.start(),
                    "write at least " + MIN_PREFIX + " letters before *");
        }
        countAtom(token);
        return new Prefix(prefix, scope, word, token.start(), token.end());
    }

    private Node phrase(Token token, int scope) {
        List<String> terms = analyzer.terms(token.text());
        if (terms.isEmpty()) {
            throw new QueryException("phrase without letters or digits", token.start(), "put words inside the quotes");
        }
        return textAtom(terms, scope, token);
    }

    private TextAtom textAtom(List<String> terms, int scope, Token token) {
        countAtom(token);
        String text = query.substring(token.start(), token.end());
        return terms.size() == 1
                ? new Term(terms.get(0), scope, text, token.start(), token.end())
                : new Phrase(terms, scope, text, token.start(), token.end());
    }

    private Node meta(Token token) {
        String word = token.text();
        int colon = word.indexOf(':');
        String raw = word.substring(colon + 1);
        MetaKind kind = token.value() == 0 ? MetaKind.LANG : MetaKind.SOURCE;
        String value = kind == MetaKind.LANG ? Metadata.queryLanguage(raw) : Metadata.querySource(raw);
        if (value == null) {
            throw new QueryException("'" + raw + "' is not a " + (kind == MetaKind.LANG ? "language code" : "host name"),
                    token.start() + colon + 1,
                    kind == MetaKind.LANG ? "write a code such as es, en or pt-br" : "write a host such as elfaro.net");
        }
        countAtom(token);
        return new Meta(kind, value, word, token.start(), token.end());
    }

    private void countAtom(Token token) {
        if (++atoms > MAX_ATOMS) {
            throw new QueryException("more than " + MAX_ATOMS + " words and phrases", token.start(),
                    "split the topic into several topics");
        }
    }

    private static Node flatten(List<Node> children, boolean or) {
        List<Node> flat = new ArrayList<>();
        for (Node child : children) {
            if (or && child instanceof Or nested) {
                flat.addAll(nested.children());
            } else if (!or && child instanceof And nested) {
                flat.addAll(nested.children());
            } else {
                flat.add(child);
            }
        }
        int start = children.get(0).start();
        int end = children.get(children.size() - 1).end();
        return or ? new Or(flat, start, end) : new And(flat, start, end);
    }
}
