package io.payments.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the ledger echoes text it was given but refused: every character a reader could not store
 * or see is written as a <code>&#92;uXXXX</code> escape, and long text is cut. PostgreSQL's {@code text}
 * refuses U+0000, lone surrogates cannot be encoded at all, and U+FFFD usually stands for bytes
 * that were lost; C0 and C1 controls garble logs and terminals. The escapes make the echo safe to
 * store anywhere; the original stays in the input log.
 */
public final class Echo {

    /** Longest echo of one value, in characters, before the cut mark. */
    public static final int MAX_LENGTH = 80;

    private Echo() {
    }

    /** The text with C0 and C1 controls, lone surrogates and U+FFFD escaped as <code>&#92;uXXXX</code>; null stays null. */
    public static String escaped(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (needsEscape(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@link #escaped} and then cut to {@value #MAX_LENGTH} characters with "…" after them; null stays null. */
    public static String cut(String text) {
        String escaped = escaped(text);
        if (escaped == null || escaped.length() <= MAX_LENGTH) {
            return escaped;
        }
        int end = Character.isHighSurrogate(escaped.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return escaped.substring(0, end) + "…";
    }

    /**
     * At most {@code maxEntries} entries of the map, each key and value {@link #cut}; null stays
     * null. When the map has more, those with the first keys in {@link String#compareTo} order are
     * kept, so the echo does not depend on the map's iteration order. Keys that cut to the same
     * text keep the last value.
     */
    public static Map<String, String> cutEntries(Map<String, String> map, int maxEntries) {
        if (map == null) {
            return null;
        }
        Map<String, String> kept = map.size() <= maxEntries ? map : new TreeMap<>(map);
        Map<String, String> cut = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : kept.entrySet()) {
            if (cut.size() == maxEntries) {
                break;
            }
            cut.put(cut(entry.getKey()), cut(entry.getValue()));
        }
        return cut;
    }

    /** Whether the text has nothing {@link #escaped} would change. */
    public static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (needsEscape(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFD';
    }
}
