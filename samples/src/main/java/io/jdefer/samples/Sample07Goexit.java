package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.go;
import static io.jdefer.Go.goexit;
import static io.jdefer.Go.recover;

import io.jdefer.annotation.Defer;

/**
 * Sample 07: {@code Go.goexit()} ends a goroutine, running every deferred action on the way.
 *
 * <p>Go's {@code runtime.Goexit} stops the calling goroutine from any depth. It is not a panic:
 * it runs the deferred actions of every frame of the goroutine, innermost first, {@code recover()}
 * returns null while it unwinds, and nothing can stop it. The goroutine then ends quietly: no
 * crash report, no uncaught-panic handler. ({@code t.FailNow()} in Go's testing package is built
 * on it.)
 *
 * <p>The Go program this mirrors:
 * <pre>{@code
 * func main() {
 *     var wg sync.WaitGroup
 *     wg.Add(1)
 *     go func() {
 *         defer wg.Done()
 *         defer fmt.Println("goroutine: deferred action ran during Goexit")
 *         defer func() { fmt.Println("goroutine: recover() during Goexit returns", recover()) }()
 *         step()
 *         fmt.Println("never printed")
 *     }()
 *     wg.Wait()
 *     fmt.Println("main: the goroutine ended quietly")
 * }
 *
 * func step() {
 *     defer fmt.Println("step: its deferred action runs first (innermost frame)")
 *     fmt.Println("step: calling runtime.Goexit()")
 *     runtime.Goexit()
 * }
 * }</pre>
 * Here {@code Thread.join()} plays {@code wg.Wait()}: {@code go} returns the virtual thread.
 */
public class Sample07Goexit {

    @Defer
    static void step() {
        defer(System.out::println, "step: its deferred action runs first (innermost frame)");
        System.out.println("step: calling Go.goexit()");
        goexit();
        System.out.println("never printed either");
    }

    public static void main(String[] args) throws InterruptedException {
        Thread t = go(() -> {
            defer(System.out::println, "goroutine: deferred action ran during Goexit");
            defer(() -> System.out.println("goroutine: recover() during Goexit returns " + recover()));
            step();
            System.out.println("never printed");
        });
        t.join();
        System.out.println("main: the goroutine ended quietly (no panic, no crash report)");
    }

/* EXPECTED OUTPUT
step: calling Go.goexit()
step: its deferred action runs first (innermost frame)
goroutine: recover() during Goexit returns null
goroutine: deferred action ran during Goexit
main: the goroutine ended quietly (no panic, no crash report)
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample07Goexit
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample07Goexit
 */
}
