package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recover;
import static io.jdefer.Go.setResult;

import io.jdefer.Go;

/**
 * Sample 13: frames without the agent: {@code Go.run} and {@code Go.call}.
 *
 * <p>The agent turns {@code @Defer} methods into frames. Where it cannot be attached (a library,
 * a plugin host, a quick script), {@code Go.run(() -> ...)} and {@code Go.call(() -> ...)} open a
 * frame with no bytecode rewriting: {@code defer} calls written in the body bind to it, with the
 * same LIFO, panic, recover and result rules. They are Go's immediately-invoked function literal
 * {@code func() { ... }()}.
 *
 * <p>A {@code Go.defer} that has no frame of its own (say, in a plain helper method called from a
 * {@code Go.run} body, without the agent) is never bound silently to some other frame: it fails
 * with an {@code IllegalStateException} that says how to fix it.
 *
 * <p>The Go program this mirrors:
 * <pre>{@code
 * func main() {
 *     func() {
 *         defer fmt.Println("run: deferred")
 *         fmt.Println("run: body")
 *     }()
 *     n := func() (n int) {
 *         defer func() {
 *             if r := recover(); r != nil { n = -1 }
 *         }()
 *         return mustParse("x")
 *     }()
 *     fmt.Println("call returned", n)
 * }
 * }</pre>
 *
 * <p>This sample runs the same with and without {@code -javaagent}.
 */
public class Sample13WithoutTheAgent {

    public static void main(String[] args) {
        Go.run(() -> {
            defer(System.out::println, "run: deferred");
            System.out.println("run: body");
        });
        int n = Go.call(() -> {
            defer(() -> {
                if (recover() != null) {
                    setResult(-1);
                }
            });
            return Integer.parseInt("x");
        });
        System.out.println("call returned " + n);
    }

/* EXPECTED OUTPUT
run: body
run: deferred
call returned -1
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample13WithoutTheAgent
 *
 * With a JDK 21+ `java` on the PATH, no agent needed, after `mvn -q -B -DskipTests package`:
 *
 *    java -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample13WithoutTheAgent
 */
}
