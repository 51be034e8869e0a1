package io.jdefer.agent;

/**
 * The open-coding decision for one frame method (docs/architecture.md, "Open-coding").
 *
 * @param withArg per {@code Go.defer} call site, in code order: true for {@code Go.defer(action, arg)},
 *        false for {@code Go.defer(action)}; null when the method keeps records
 * @param reason why the method keeps the record tier, or null when it is open-coded
 * @param idle per site: the action does nothing at a normal exit ({@link IdleAtNormalExit}), so the
 *        exit clears its bit without calling it; null when the method keeps records
 * @param publishSites one bit per site whose action may call {@code Go.result()}/{@code Go.setResult}
 *        (it is not known not to): when one of them is registered, the normal exit publishes the
 *        result slot to the runtime while its actions run
 * @param guards per site, null or the exact classes (internal names) of the argument for which the
 *        action — a JDK method reference such as {@code ReentrantLock::unlock} — is known not to
 *        touch the slot; any other argument class, or null, and the exit publishes
 */
record OpenCodedPlan(boolean[] withArg, String reason, boolean[] idle, long publishSites, String[][] guards) {
    /** @return true if the method is open-coded */
    boolean openCoded() {
        return reason == null;
    }

    /** @return the number of {@code Go.defer} call sites (open-coded methods only) */
    int sites() {
        return withArg == null ? 0 : withArg.length;
    }

    /** @return the number of sites whose action the normal exit calls (not idle) */
    int calledSites() {
        int n = 0;
        for (int i = 0; i < sites(); i++) {
            n += idle[i] ? 0 : 1;
        }
        return n;
    }

    /** @return true if the normal exit may publish its result slot (it needs the locals for it) */
    boolean publish() {
        return publishSites != 0 || guarded();
    }

    /** @return true if some site publishes only for an argument outside its guard classes */
    boolean guarded() {
        if (guards != null) {
            for (String[] g : guards) {
                if (g != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return what the normal exit does beyond calling the actions, for a person (verbose=true), or ""
     */
    String exitSummary() {
        StringBuilder b = new StringBuilder();
        int idleSites = sites() - calledSites();
        if (idleSites > 0) {
            b.append(idleSites).append(" idle at a normal exit");
        }
        if (publishSites != 0 || guarded()) {
            b.append(b.isEmpty() ? "" : "; ").append(publishSites != 0 ? "publishes the result slot"
                    : "publishes the result slot only for an argument not exactly its JDK class");
        }
        return b.toString();
    }

    static OpenCodedPlan records(String reason) {
        return new OpenCodedPlan(null, reason, null, 0, null);
    }
}
