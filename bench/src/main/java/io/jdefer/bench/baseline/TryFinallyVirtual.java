package io.jdefer.bench.baseline;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link TryFinally} with JMH's worker threads virtual ({@code -Djmh.executor=VIRTUAL}): the
 * reference for {@code PooledVirtual}.
 */
@Fork(value = 1, jvmArgsAppend = "-Djmh.executor=VIRTUAL")
public class TryFinallyVirtual extends TryFinally {
}
