package io.jdefer.agent;

import io.jdefer.agent.vet.Vet;

/**
 * What a {@link ClassRewriter} did, event by event, in the spirit of Byte Buddy's
 * {@code AgentBuilder.Listener}: the agent's stderr log ({@link Log}) is one implementation, a
 * test's recorder another. Class names are in binary form ({@code com.example.C}), methods as
 * name + descriptor. Every method has an empty default, so an implementation overrides only what
 * it reports; none may throw.
 */
interface RewriteListener {
    /** Reports nothing. */
    RewriteListener NONE = new RewriteListener() { };

    /**
     * A class's frames were rewritten; its new bytes are what the caller gets.
     *
     * @param className the class
     */
    default void onRewritten(String className) {
    }

    /**
     * A frame method's defers are open-coded.
     *
     * @param className the class
     * @param method name + descriptor
     * @param sites its {@code Go.defer} call sites
     */
    default void onOpenCoded(String className, String method, int sites) {
    }

    /**
     * A frame method's defers are open-coded, with what its normal exit does beyond calling them.
     * By default, {@link #onOpenCoded(String, String, int)}.
     *
     * @param className the class
     * @param method name + descriptor
     * @param sites its {@code Go.defer} call sites
     * @param exit for a person: sites not called at a normal exit and when the exit publishes the
     *        result slot (e.g. {@code "1 idle at a normal exit; publishes the result slot"}), or ""
     */
    default void onOpenCoded(String className, String method, int sites, String exit) {
        onOpenCoded(className, method, sites);
    }

    /**
     * A frame method keeps defer records.
     *
     * @param className the class
     * @param method name + descriptor
     * @param reason why it is not open-coded, for a person
     */
    default void onKeptRecords(String className, String method, String reason) {
    }

    /**
     * A frame method keeps defer records, and whether its normal exit is quiet (leaves the result
     * slot alone: no deferred action of it uses the slot). By default the three-argument
     * {@link #onKeptRecords(String, String, String)}.
     *
     * @param className the class
     * @param method name + descriptor
     * @param reason why it is not open-coded, for a person
     * @param quietExit its normal exit does not publish the result slot
     */
    default void onKeptRecords(String className, String method, String reason, boolean quietExit) {
        onKeptRecords(className, method, reason);
    }

    /**
     * {@link #onKeptRecords(String, String, String, boolean)}, with how many of the method's call
     * sites its inlined exit runs itself (docs/architecture.md, "Inlined exits").
     *
     * @param className the class
     * @param method name + descriptor
     * @param reason why it is not open-coded, for a person
     * @param quietExit its normal exit does not publish the result slot
     * @param inlinedSites call sites whose records the normal exit runs itself (0 when not quiet)
     * @param sites the method's {@code Go.defer} call sites
     */
    default void onKeptRecords(String className, String method, String reason, boolean quietExit, int inlinedSites,
            int sites) {
        onKeptRecords(className, method, reason, quietExit);
    }

    /**
     * A class that mentions jdefer was left as it is, as it should be.
     *
     * @param className the class
     * @param reason why, for a person
     */
    default void onSkipped(String className, String reason) {
    }

    /**
     * A method looks like a frame but cannot be one (a constructor, an abstract or native method);
     * the rest of the class is rewritten.
     *
     * @param className the class
     * @param message the whole warning, naming the method and what to do
     */
    default void onWarning(String className, String message) {
    }

    /**
     * Rewriting a class failed; it stays as it was.
     *
     * @param className the class
     * @param error why
     */
    default void onError(String className, Throwable error) {
    }

    /**
     * vet found a mistake in a class as it loaded ({@link RewriteConfig#vetAtLoad()}).
     *
     * @param className the class
     * @param finding what and where
     */
    default void onVetFinding(String className, Vet.Finding finding) {
    }
}
