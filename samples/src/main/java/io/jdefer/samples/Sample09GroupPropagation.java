package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;

import io.jdefer.Group;
import io.jdefer.annotation.Defer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sample 09: {@code Group} brings a goroutine's panic back to the one who waits.
 *
 * <p>{@code Group} is Go's {@code errgroup.Group}: {@code g.go(body)} starts each member on its
 * own virtual thread, {@code g.await()} waits for <em>all</em> of them, then rethrows in the
 * waiter the first panic that escaped a member (later ones are attached with
 * {@code addSuppressed}). Because it is rethrown in the waiter's thread, the waiter's own frames
 * can {@code recover} it, and the uncaught-panic handler never sees it. This is structured
 * concurrency: no member outlives the waiter's frame, no failure is silently lost.
 *
 * <p>The Go program this mirrors (x/sync/errgroup v0.14, which propagated panics to Wait):
 * <pre>{@code
 * func fetchAll(names []string) {
 *     defer func() {
 *         if r := recover(); r != nil { fmt.Println("fetchAll recovered:", r) }
 *     }()
 *     var sizes sync.Map
 *     var g errgroup.Group
 *     for _, name := range names {
 *         g.Go(func() error { sizes.Store(name, fetch(name)); return nil })
 *     }
 *     g.Wait()
 *     fmt.Println("fetched:", sizes)
 * }
 * }</pre>
 */
public class Sample09GroupPropagation {

    @Defer
    static void fetchAll(List<String> names) throws InterruptedException {
        AtomicInteger finished = new AtomicInteger();
        defer(() -> {
            Object r = recover();
            if (r != null) {
                System.out.println("  fetchAll recovered: " + r + " (after all "
                        + finished.get() + " members finished)");
            }
        });
        Map<String, Integer> sizes = new ConcurrentHashMap<>();
        Group g = new Group();
        for (String name : names) {
            g.go(() -> {
                defer(AtomicInteger::incrementAndGet, finished);
                sizes.put(name, fetch(name));
            });
        }
        g.await();
        System.out.println("  fetched: " + new TreeMap<>(sizes));
    }

    static int fetch(String name) throws InterruptedException {
        Thread.sleep(20L * name.length());
        if (name.isEmpty()) {
            throw panic("fetch: empty name");
        }
        return name.length();
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("fetchAll([alpha, beta, gamma]):");
        fetchAll(List.of("alpha", "beta", "gamma"));
        System.out.println("fetchAll([alpha, , gamma]):");
        fetchAll(List.of("alpha", "", "gamma"));
        System.out.println("main: both calls returned normally");
    }

/* EXPECTED OUTPUT
fetchAll([alpha, beta, gamma]):
  fetched: {alpha=5, beta=4, gamma=5}
fetchAll([alpha, , gamma]):
  fetchAll recovered: fetch: empty name (after all 3 members finished)
main: both calls returned normally
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample09GroupPropagation
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample09GroupPropagation
 */
}
