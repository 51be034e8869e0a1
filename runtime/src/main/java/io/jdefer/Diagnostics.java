package io.jdefer;

import io.jdefer.internal.GoroutineState;
import io.jdefer.internal.RecordTier;

/**
 * What the runtime holds for the current thread, for tests and diagnostics: nothing here changes
 * behaviour, and nothing here is needed to use jdefer.
 *
 * <pre>{@code
 * service.handle(request);                          // a @Recover frame
 * assertEquals(0, Diagnostics.pendingDefers());     // every frame exit ran its deferred actions
 * }</pre>
 */
public final class Diagnostics {
    private Diagnostics() {
        throw new AssertionError("no instances");
    }

    /**
     * Deferred actions registered on this thread and not yet run: 0 outside every frame. Inside a
     * frame it counts that frame's actions and those of the frames it is running in, except
     * actions of open-coded frames (the agent's default for methods Go would open-code), which
     * live in the method's locals until it panics.
     *
     * @return the number of pending deferred actions of the current thread
     */
    public static int pendingDefers() {
        return GoroutineState.pendingDefers();
    }

    /**
     * The defer-record tier of this JVM, chosen once by {@code -Djdefer.records} (or the agent
     * option {@code records=}).
     *
     * @return {@code "pooled"} or {@code "allocated"}
     * @throws IllegalArgumentException if {@code -Djdefer.records} names no tier
     */
    public static String recordTier() {
        return RecordTier.SELECTED.toString();
    }
}
