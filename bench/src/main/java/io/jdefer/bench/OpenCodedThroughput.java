package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The throughput scenario ({@link JdeferThroughput}) with open-coded defers.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=true", "-Djdefer.records=pooled"})
public class OpenCodedThroughput extends JdeferThroughput {
}
