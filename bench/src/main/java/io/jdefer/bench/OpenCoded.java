package io.jdefer.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The open-coded tier (agent option {@code opencoded=true}, Go 1.14+): deferred actions in JVM locals
 * and a bit mask, called inline at exit; records only on a panic or where Go would not open-code
 * (the {@code loop} benchmark: a defer in a loop falls back to the pooled records). Benchmarks and
 * what is held constant: {@link JdeferDefers}, {@link JdeferPanics}.
 */
@Fork(value = 1, jvmArgsAppend = {AgentJar.JAVAAGENT + "=opencoded=true", "-Djdefer.records=pooled"})
public class OpenCoded extends JdeferDefers {
}
