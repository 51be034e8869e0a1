package io.jdefer.samples;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.go;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.setUncaughtPanicHandler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sample 08: goroutines are virtual threads, and their panics stay on their own thread.
 *
 * <p>{@code Go.go(body)} starts {@code body} as a frame on a new virtual thread: ten thousand of
 * them that all sleep at once cost a few megabytes, not ten thousand OS threads. The body is a
 * frame, so {@code defer(CountDownLatch::countDown, done)} is Go's {@code defer wg.Done()}: it
 * runs however the body ends.
 *
 * <p>Frames, panics and recover never cross threads. A panic that escapes a goroutine cannot be
 * recovered by the code that started it: it goes to the uncaught-panic handler, whose default is
 * Go's crash report and exit status 2. This sample installs its own handler to show that without
 * killing the JVM; {@code Group} (Sample 09) is the way to bring a panic back to a waiter.
 *
 * <p>The Go program this mirrors:
 * <pre>{@code
 * func main() {
 *     var wg sync.WaitGroup
 *     var sum, virtual atomic.Int64
 *     for i := 1; i <= 10000; i++ {
 *         wg.Add(1)
 *         go func(n int64) {
 *             defer wg.Done()
 *             time.Sleep(10 * time.Millisecond)   // all 10000 sleep at the same time
 *             sum.Add(n)
 *         }(int64(i))
 *     }
 *     wg.Wait()
 *     fmt.Println("sum:", sum.Load())
 * }
 * }</pre>
 */
public class Sample08GoroutinesOnVirtualThreads {
    static final int N = 10_000;

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(N);           // Go: sync.WaitGroup
        AtomicLong sum = new AtomicLong();
        AtomicInteger onVirtualThreads = new AtomicInteger();
        for (int i = 1; i <= N; i++) {
            long n = i;
            go(() -> {
                defer(CountDownLatch::countDown, done);         // Go: defer wg.Done()
                if (Thread.currentThread().isVirtual()) {
                    onVirtualThreads.incrementAndGet();
                }
                Thread.sleep(10);                               // parks the virtual thread only
                sum.addAndGet(n);
            });
        }
        done.await();
        System.out.println(N + " goroutines ran, " + onVirtualThreads.get() + " of them on virtual threads");
        System.out.println("sum of 1.." + N + " = " + sum.get());

        Thread.UncaughtExceptionHandler previous = setUncaughtPanicHandler(
                (thread, panic) -> System.out.println("uncaught-panic handler: a goroutine died of " + panic));
        try {
            Thread t = go(() -> {
                throw panic("lost in a goroutine");
            });
            t.join();
        } finally {
            setUncaughtPanicHandler(previous);
        }
        System.out.println("main: still running; it could not recover that panic (see Sample 09)");
    }

/* EXPECTED OUTPUT
10000 goroutines ran, 10000 of them on virtual threads
sum of 1..10000 = 50005000
uncaught-panic handler: a goroutine died of io.jdefer.Panic: lost in a goroutine
main: still running; it could not recover that panic (see Sample 09)
*/

/*
 * HOW TO RUN THIS SAMPLE (from the repository root; Maven finds a JDK 21+ by itself):
 *
 *    mvn -q -B -DskipTests verify -pl samples -am -Prun -Drun=Sample08GoroutinesOnVirtualThreads
 *
 * With a JDK 21+ `java` on the PATH, after `mvn -q -B -DskipTests package`:
 *
 *    java -javaagent:agent/target/jdefer-agent-0.1.0-SNAPSHOT.jar \
 *         -cp samples/target/classes:runtime/target/classes:annotations/target/classes \
 *         io.jdefer.samples.Sample08GoroutinesOnVirtualThreads
 */
}
