package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The throughput scenario ({@link JdeferThroughput}) in the {@code allocated} tier.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=false", "-Djdefer.records=allocated"})
public class AllocatedThroughput extends JdeferThroughput {
}
