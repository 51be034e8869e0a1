package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The {@code allocated} tier: one heap record per {@code defer} (Go 1.12 and earlier). Benchmarks
 * and what is held constant: {@link JdeferDefers}, {@link JdeferPanics}.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=false", "-Djdefer.records=allocated"})
public class Allocated extends JdeferDefers {
}
