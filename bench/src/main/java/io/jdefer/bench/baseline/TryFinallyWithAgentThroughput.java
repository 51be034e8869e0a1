package io.jdefer.bench.baseline;

import io.jdefer.bench.AgentJar;
import org.openjdk.jmh.annotations.Fork;

/**
 * {@link TryFinallyThroughput}, the same code, in a JVM with the jdefer agent attached (it
 * rewrites nothing here: no class has a frame). It measures what the agent's presence costs a
 * program of virtual threads apart from anything jdefer does: a JVM with any Java agent (a JVMTI
 * environment) makes every virtual thread mount and unmount notify JVMTI, a no-op agent as much as
 * this one. The jdefer {@code *Throughput} variants pay it too; build-time weaving does not.
 */
@Fork(value = 1, jvmArgsAppend = AgentJar.JAVAAGENT)
public class TryFinallyWithAgentThroughput extends TryFinallyThroughput {
}
