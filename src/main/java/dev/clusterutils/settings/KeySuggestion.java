package dev.clusterutils.settings;

import java.util.Collection;
import java.util.Locale;

/** Finds the valid key a user most likely meant, by Levenshtein distance. */
public final class KeySuggestion {
    private KeySuggestion() {
    }

    /** The closest candidate, or null when none is close enough to be a plausible typo. */
    static String closest(String key, Collection<String> candidates) {
        String best = nearest(key, candidates);
        if (best == null) {
            return null;
        }
        int limit = Math.max(2, Math.min(key.length(), best.length()) / 3);
        return distance(key.toLowerCase(Locale.ROOT), best.toLowerCase(Locale.ROOT)) <= limit ? best : null;
    }

    /** The candidate with the smallest edit distance (case-insensitive), the first on ties; null for none. */
    public static String nearest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** "unknown key 'x'; did you mean 'y'?" or, with no close key, the list of valid keys. */
    static String unknownKeyMessage(String key, Collection<String> candidates) {
        String suggestion = closest(key, candidates);
        if (suggestion != null) {
            return "unknown key '" + key + "'; did you mean '" + suggestion + "'?";
        }
        return "unknown key '" + key + "'; valid keys are: " + String.join(", ", candidates);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
