package io.jdefer.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdefer.difftest.JavaRunner.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed corpus, run by jdefer in the configuration this JVM was started for
 * ({@code -Ddifftest.config}, see the POM's surefire executions), compared with Go's recorded
 * outcomes. The Java programs are regenerated from the seeds; a program whose Go rendering no
 * longer hashes as recorded means the generator changed and the corpus must be re-recorded.
 */
class CorpusTest {
    @Test
    void everyProgramBehavesAsGoDid() throws Exception {
        Config config = Config.of(System.getProperty("difftest.config", "opencoded"));
        JavaRunner.checkJvm(config);
        Path corpusFile = Path.of(System.getProperty("difftest.corpus", "corpus/corpus.txt"));
        List<Corpus.Entry> corpus = Corpus.read(corpusFile);
        assertTrue(corpus.size() >= 2000, "the corpus " + corpusFile + " should hold at least 2,000 programs, has " + corpus.size());
        long t0 = System.nanoTime();
        Map<String, Ast.Program> programs = new LinkedHashMap<>();
        Map<String, Outcome> expected = new LinkedHashMap<>();
        List<String> stale = new ArrayList<>();
        for (Corpus.Entry e : corpus) {
            Ast.Program p = Generator.generate(e.seed());
            if (!Corpus.goHash(p).equals(e.goHash())) {
                stale.add(Long.toString(e.seed()));
            }
            programs.put(Corpus.name(e.seed()), p);
            expected.put(JavaRenderer.className(Corpus.name(e.seed())), e.go());
        }
        if (!stale.isEmpty()) {
            fail(stale.size() + " corpus programs are not what the generator makes from their seeds any more (first: "
                    + stale.subList(0, Math.min(5, stale.size())) + "): the generator changed, so re-record the corpus with Go:"
                    + " difftest/run.sh --record difftest/corpus/corpus.txt (see the corpus file's header for --programs/--seed)");
        }
        Path work = Path.of(System.getProperty("difftest.work", "target/difftest"));
        Map<String, Outcome> actual = JavaRunner.compileAndRun(config, Corpus.javaSources(programs), work);
        List<String> divergences = new ArrayList<>();
        for (Map.Entry<String, Outcome> e : expected.entrySet()) {
            String d = actual.get(e.getKey()).difference(e.getValue());
            if (d != null) {
                divergences.add(e.getKey() + ": " + d + " (source " + work.resolve("classes-src") + ")");
            }
        }
        System.out.printf("difftest: %d divergences in %d programs x 1 config (%s) in %.1f s%n", divergences.size(),
                corpus.size(), config.id(), (System.nanoTime() - t0) / 1e9);
        assertEquals(List.of(), divergences.subList(0, Math.min(20, divergences.size())),
                divergences.size() + " programs behave differently from Go in configuration " + config.id() + " (" + config.what + ")");
    }
}
