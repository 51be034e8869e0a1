package io.jdefer.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Group;
import io.jdefer.difftest.JavaRunner.Config;
import io.jdefer.internal.GoroutineState;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * Soak: many goroutines at once, each running a corpus program that Go ran to completion, in one
 * JVM. Each goroutine's output must be Go's (every deferred action ran, once, in Go's order), no
 * goroutine may end with records pending, and afterwards no goroutine's state may stay reachable.
 * CI runs {@value #CI_GOROUTINES} goroutines per configuration; the full soak is
 * {@code mvn -B -pl difftest -am verify -DskipITs -Dtest=SoakTest -Ddifftest.soak.goroutines=100000}.
 */
class SoakTest {
    static final int CI_GOROUTINES = 2_000;

    @Test
    void goroutinesRunningGeneratedProgramsConcurrently_eachBehavesAsGoAndNothingIsRetained() throws Exception {
        Config config = Config.of(System.getProperty("difftest.config", "opencoded"));
        JavaRunner.checkJvm(config);
        int goroutines = Integer.getInteger("difftest.soak.goroutines", CI_GOROUTINES);
        List<Corpus.Entry> corpus = Corpus.read(Path.of(System.getProperty("difftest.corpus", "corpus/corpus.txt")));
        Map<String, Ast.Program> all = new LinkedHashMap<>();
        for (Corpus.Entry e : corpus) {
            all.put(Corpus.name(e.seed()), Generator.generate(e.seed()));
        }
        // the same sources as CorpusTest, so the build is shared
        Path classes = JavaRunner.build(config, Corpus.javaSources(all), Path.of(System.getProperty("difftest.work", "target/difftest")));
        List<Rt.Program> programs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, SoakTest.class.getClassLoader())) {
            for (Corpus.Entry e : corpus) {
                if (e.go().exit() == 0) {
                    programs.add((Rt.Program) loader.loadClass(JavaRenderer.PACKAGE + "." + JavaRenderer.className(Corpus.name(e.seed())))
                            .getConstructor().newInstance());
                    expected.add(e.go().stdout());
                }
            }
            assertTrue(programs.size() > 500, "the corpus should hold many programs that Go ran to completion");
            AtomicReferenceArray<String> outputs = new AtomicReferenceArray<>(goroutines);
            int[] pending = new int[goroutines];
            List<WeakReference<Object>> states = new ArrayList<>(goroutines);
            for (int i = 0; i < goroutines; i++) {
                states.add(null);
            }
            long t0 = System.nanoTime();
            Group group = new Group();
            for (int i = 0; i < goroutines; i++) {
                int n = i;
                Rt.Program p = programs.get(n % programs.size());
                group.go(() -> {
                    StringBuilder sb = new StringBuilder();
                    Rt.capture(sb);
                    try {
                        p.run();
                    } finally {
                        Rt.capture(null);
                    }
                    pending[n] = GoroutineState.pendingDefers();
                    synchronized (states) {
                        states.set(n, new WeakReference<>(GoroutineState.current()));
                    }
                    outputs.set(n, sb.toString());
                });
            }
            group.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            int wrong = 0;
            String firstWrong = null;
            for (int i = 0; i < goroutines; i++) {
                String want = expected.get(i % programs.size());
                if (!want.equals(outputs.get(i)) || pending[i] != 0) {
                    if (wrong++ == 0) {
                        firstWrong = "goroutine " + i + " (program " + (i % programs.size()) + "), pending " + pending[i]
                                + "\n--- Go\n" + want + "--- jdefer\n" + outputs.get(i);
                    }
                }
            }
            assertEquals(0, wrong, wrong + " of " + goroutines + " goroutines did not behave as Go; first: " + firstWrong);
            int retained = retained(states);
            System.out.printf("difftest soak (%s): %d goroutines over %d programs in %.1f s, each as Go, %d states retained%n",
                    config.id(), goroutines, programs.size(), seconds, retained);
            assertEquals(0, retained, "goroutine states still reachable after their goroutines ended");
        }
    }

    private static int retained(List<WeakReference<Object>> refs) throws InterruptedException {
        int left = Integer.MAX_VALUE;
        for (int attempt = 0; attempt < 20 && left > 0; attempt++) {
            System.gc();
            Thread.sleep(50);
            left = 0;
            for (WeakReference<Object> r : refs) {
                if (r != null && r.get() != null) {
                    left++;
                }
            }
        }
        return left;
    }
}
