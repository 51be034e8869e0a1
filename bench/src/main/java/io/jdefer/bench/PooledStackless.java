package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The panic benchmarks of {@link Pooled} with {@code -Djdefer.panicStackTraces=false}: {@code Go.panic}
 * creates a stackless {@code Panic}, as Go's panics record no stack. Reference:
 * {@code baseline.TryFinallyStackless}.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=false", "-Djdefer.records=pooled", "-Djdefer.panicStackTraces=false"})
public class PooledStackless extends JdeferPanics {
}
