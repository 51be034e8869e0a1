package io.jdefer.samples;

import static io.jdefer.Go.defer;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import java.util.List;

/**
 * Sample 10: a {@code defer} inside a loop runs at method exit, not at the end of the iteration.
 *
 * <p>{@code defer} belongs to the frame (the method), not to the block it is written in. In a
 * loop that opens a resource per iteration, every resource stays open until the whole method
 * returns: with a thousand files, a thousand open handles (and a thousand pending records).
 * Go has the same trap, and {@code go vet}-style checks flag it; so does jdefer's {@code vet}.
 *
 * <p>Right: give each iteration its own frame. Move the body into a {@code @Defer} method (or
 * wrap it in {@code Go.run(() -> ...)}, Go's {@code func() { ... }()}), so each resource is
 * closed before the next one opens. Peak open handles: 1.
 *
 * <p>The Go program this mirrors:
 * <pre>{@code
 * func wrong(files []string) {
 *     for _, f := range files {
 *         r := open(f)
 *         defer r.Close()         // WRONG: all of them close when wrong() returns
 *         r.Process()
 *     }
 * }
 *
 * func right(files []string) {
 *     for _, f := range files {
 *         processOne(f)           // each call is a frame: its defer runs at its end
 *     }
 * }
 *
 * func processOne(f string) {
 *     r := open(f)
 *     defer r.Close()
 *     r.Process()
 * }
 * }</pre>
 *
 * <p>The bank service shows the cost in a server: {@code POST /transfers/batch?variant=loop}
 * holds every account lock and a pool connection until the whole batch ends.
 */
public class Sample10DeferInLoopPitfall {

    /** A resource that counts how many are open at once. */
    static final class Res {
        static int open;
        static int peak;
        final String name;

        Res(String name) {
            this.name = name;
            open++;
            peak = Math.max(peak, open);
        }

        static Res open(String name) {
            return new Res(name);
        }

        void process() {
            // work on the file
        }

        void close() {
            open--;
        }

        static void reset() {
            open = 0;
            peak = 0;
        }
    }

    // WRONG: every Res stays open until the method returns.
    @Defer
    static void wrong(List<String> files) {
        for (String f : files) {
            Res r = Res.open(f);
            defer(Res::close, r);
            r.process();
        }
        System.out.println("wrong: after the loop " + Res.open + " still open (peak " + Res.peak + ")");
    }

    // RIGHT: one frame per iteration.
    static void right(List<String> files) {
        for (String f : files) {
            processOne(f);
        }
        System.out.println("right: after the loop " + Res.open + " still open (peak " + Res.peak + ")");
    }

    @Defer
    static void processOne(String f) {
        Res r = Res.open(f);
        defer(Res::close, r);
        r.process();
    }

    // RIGHT, inline: Go.run is Go's func() { ... }(), a frame of its own per iteration.
    static void rightInline(List<String> files) {
        for (String f : files) {
            Go.run(() -> {
                Res r = Res.open(f);
                defer(Res::close, r);
                r.process();
            });
        }
        System.out.println("right (Go.run): after the loop " + Res.open + " still open (peak " + Res.peak + ")");
    }

    public static void main(String[] args) {
        List<String> files = List.of("a.txt", "b.txt", "c.txt", "d.txt", "e.txt");
        wrong(files);
        System.out.println("wrong: after it returned " + Res.open + " still open");
        Res.reset();
        right(files);
        Res.reset();
        rightInline(files);
    }

/* EXPECTED OUTPUT
wrong: after the loop 5 still open (peak 5)
wrong: after it returned 0 still open
right: after the loop 0 still open (peak 1)
right (Go.run): after the loop 0 still open (peak 1)
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample10DeferInLoopPitfall
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample10DeferInLoopPitfall
 */
}
