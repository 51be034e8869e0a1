package io.jdefer.agent;

/**
 * What one {@link ClassRewriter} does, fixed when it is built: the agent's {@code Installer} builds
 * it once from the agent options, the weaving plugin from its own parameters. Nothing the rewrite
 * decides is read from a static or a system property while classes are rewritten, so two
 * rewriters with different configurations can run in one JVM (the weaving plugin inside a Maven
 * that itself runs under the agent, or a test beside the agent it tests).
 *
 * @param openCoded open-code the defers of eligible methods (docs/architecture.md, "Open-coding");
 *        false keeps records everywhere
 * @param trace the runtime traces frames ({@code -Djdefer.trace=true}); tracing needs the records,
 *        so it turns open-coding off
 * @param vetAtLoad run vet's checks on each class the first time it is rewritten, reporting
 *        through {@link RewriteListener#onVetFinding}
 */
record RewriteConfig(boolean openCoded, boolean trace, boolean vetAtLoad) {
    /** The agent without options. */
    static final RewriteConfig AGENT_DEFAULT = new RewriteConfig(true, false, false);

    /**
     * Build-time weaving: records only. A woven class must run on whichever jdefer-runtime the
     * application ships, and the planner's facts about other classes (method-reference targets)
     * are only reliable for the loader the class is defined in at run time.
     */
    static final RewriteConfig WEAVING = new RewriteConfig(false, false, false);

    /**
     * The agent's configuration.
     *
     * @param options the parsed agent options
     * @param traceProperty {@code -Djdefer.trace} as given on the command line
     * @return the configuration for the agent's rewriter
     */
    static RewriteConfig forAgent(AgentOptions options, boolean traceProperty) {
        return new RewriteConfig(options.opencoded(), options.trace() || traceProperty, options.vetWarn());
    }

    /** @return true if eligible methods are open-coded */
    boolean openCodes() {
        return openCoded && !trace;
    }
}
