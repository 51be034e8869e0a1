package io.jdefer.agent;

/**
 * A record-tier frame whose normal exit leaves the result slot alone ({@link OpenCodedPlanner#quietExits}).
 *
 * @param guards per {@code Go.defer} call site in code order: null, or the exact classes (internal
 *        names, at most three) the site's argument must have for the exit to be quiet
 * @param inline per call site: how the exit runs that site's records itself, or null for the
 *        runtime to run them; null when no site's can be (the exit is the runtime's alone)
 */
record QuietExit(String[][] guards, InlineCall[] inline) {
    /** The same exit without inlined records: for a runtime that cannot pop them. */
    QuietExit withoutInline() {
        return inline == null ? this : new QuietExit(guards, null);
    }

    /** @return how many call sites' records the exit runs itself */
    int inlinedSites() {
        int n = 0;
        if (inline != null) {
            for (InlineCall c : inline) {
                n += c != null ? 1 : 0;
            }
        }
        return n;
    }
}
