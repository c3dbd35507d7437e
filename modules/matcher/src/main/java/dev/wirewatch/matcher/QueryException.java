package dev.wirewatch.matcher;

/**
 * A query that cannot be a tracked topic: a syntax error, or a query that can match nothing or too much.
 *
 * <p>The message names the problem and where it is ({@code "unclosed quote at 17"}); the position is a
 * 0-based character offset into the query text, and the hint says how to fix it.
 */
public final class QueryException extends IllegalArgumentException {

    private final int position;
    private final String hint;

    QueryException(String problem, int position, String hint) {
        super(problem + " at " + position);
        this.position = position;
        this.hint = hint;
    }

    /** The 0-based character offset in the query where the problem is. */
    public int getPosition() {
        return position;
    }

    /** How to fix the query, one sentence for a person. */
    public String getHint() {
        return hint;
    }
}
