/**
 * Go's {@code defer}, {@code panic}, {@code recover}, {@code runtime.Goexit} and goroutine rules
 * for Java: {@link io.jdefer.Go} and its companions in package {@code io.jdefer}.
 *
 * <p>An application module needs only {@code requires io.jdefer;}: the annotations module is
 * required transitively, so {@code @Defer} and {@code @Recover} are readable too.
 *
 * <p>Package {@code io.jdefer.internal} is exported as well, to every module, although it is not
 * API. The jdefer agent and build-time weaving rewrite the application's own classes so that
 * they call into it directly (the per-goroutine frame state, the result-slot conversion, the
 * open-coded defers' slow path, the {@code @Recover} type filter): those calls are compiled into
 * the application's module, whose name jdefer cannot know, so a qualified export cannot reach
 * them, and an agent that added the export at run time would leave woven code, which runs without
 * any agent, unable to link. Nothing in it is meant to be called by hand, its classes may change
 * in any release, and no package is opened: deep reflection into the runtime stays closed.
 *
 * <p>{@code jdk.jfr} is required because the runtime declares JFR events for its rare paths (a
 * panic starts, is recovered, escapes a goroutine; a goroutine calls Goexit).
 */
module io.jdefer {
    requires transitive io.jdefer.annotation;
    requires jdk.jfr;

    exports io.jdefer;
    exports io.jdefer.internal;
}
