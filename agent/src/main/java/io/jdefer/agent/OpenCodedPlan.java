package io.jdefer.agent;

/**
 * The open-coding decision for one frame method (docs/architecture.md, "Open-coding").
 *
 * @param withArg per {@code Go.defer} call site, in code order: true for {@code Go.defer(action, arg)},
 *        false for {@code Go.defer(action)}; null when the method keeps records
 * @param reason why the method keeps the record tier, or null when it is open-coded
 * @param publish the normal exit publishes the result slot to the runtime while its actions run,
 *        because some action may call {@code Go.result()}/{@code Go.setResult} (it is not known not to)
 */
record OpenCodedPlan(boolean[] withArg, String reason, boolean publish) {
    /** @return true if the method is open-coded */
    boolean openCoded() {
        return reason == null;
    }

    /** @return the number of {@code Go.defer} call sites (open-coded methods only) */
    int sites() {
        return withArg == null ? 0 : withArg.length;
    }

    static OpenCodedPlan records(String reason) {
        return new OpenCodedPlan(null, reason, false);
    }
}
