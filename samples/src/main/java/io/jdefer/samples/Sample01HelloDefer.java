package io.jdefer.samples;

import static io.jdefer.Go.defer;

import io.jdefer.annotation.Defer;

/**
 * Sample 01: hello, defer.
 *
 * <p>A method annotated {@code @Defer} is a <em>defer frame</em>, like every Go function. An
 * action registered with {@code Go.defer(...)} does not run where it is written: it runs when the
 * method exits. Here "world" is deferred first and printed last.
 *
 * <p>The Go program this mirrors:
 * <pre>{@code
 * func main() {
 *     defer fmt.Println("world")
 *     fmt.Println("hello")
 * }
 * }</pre>
 *
 * <p>{@code defer(action, arg)} is Go's {@code defer f(x)}: the method reference plus its
 * argument, saved now, run later. Nothing else is needed than the annotation and the agent
 * ({@code -javaagent:jdefer-agent.jar}) that rewrites the method.
 */
public class Sample01HelloDefer {

    @Defer
    static void hello() {
        defer(System.out::println, "world");
        System.out.println("hello");
    }

    public static void main(String[] args) {
        hello();
        System.out.println("hello() has returned: its deferred action ran on the way out");
    }

/* EXPECTED OUTPUT
hello
world
hello() has returned: its deferred action ran on the way out
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample01HelloDefer
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample01HelloDefer
 */
}
