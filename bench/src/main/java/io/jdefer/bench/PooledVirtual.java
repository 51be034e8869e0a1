package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link Pooled} with JMH's worker threads virtual ({@code -Djmh.executor=VIRTUAL}); its reference is
 * {@code baseline.TryFinallyVirtual}.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=false", "-Djdefer.records=pooled", "-Djmh.executor=VIRTUAL"})
public class PooledVirtual extends JdeferDefers {
}
