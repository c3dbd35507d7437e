package dev.wirewatch.console;

import java.util.Locale;

/** What an API key may do: read everything, also write definitions, or also manage keys. */
enum Role {
    READ, WRITE, ADMIN;

    /** Whether a key of this role may do what {@code needed} allows. */
    boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by {@code text} (read, write, admin), or null. */
    static Role parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "read" -> READ;
            case "write" -> WRITE;
            case "admin" -> ADMIN;
            default -> null;
        };
    }
}
