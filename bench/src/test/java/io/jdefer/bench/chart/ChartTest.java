package io.jdefer.bench.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartTest {
    private static String bench(String name, double score, double bytes) {
        return "{\"benchmark\":\"io.jdefer.bench." + name + "\",\"mode\":\"avgt\","
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":0.5,\"scoreUnit\":\"ns/op\","
                + "\"rawData\":[[" + score + "," + (score * 100) + "," + score + "]]},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":" + bytes + ",\"scoreUnit\":\"B/op\"}}}";
    }

    private static final String JSON = "[" + String.join(",",
            bench("baseline.TryFinally.cleanup1", 2.0, 0.0001),
            bench("baseline.TryFinallyVirtual.cleanup1", 4.0, 0),
            bench("baseline.TryFinallyStackless.panicRecover", 100, 24),
            bench("baseline.TryFinally.panicPreallocated", 10, 0),
            bench("Pooled.cleanup1", 10.0, 0),
            bench("PooledVirtual.capturing1", 12.0, 16),
            bench("PooledStackless.panicRecoverExplicit", 300, 64),
            bench("PooledStackless.panicPreallocated", 30, 0),
            bench("Mystery.thing", 1, 0)) + "]";

    private static Chart.Row row(List<Chart.Row> rows, String name) {
        return rows.stream().filter(w -> w.r().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void pairsEachVariantWithTheTryFinallyOfItsForkSuffix() {
        List<Chart.Row> rows = Chart.rows(Chart.read(Json.parse(JSON)));
        assertEquals(5.0, row(rows, "Pooled.cleanup1").ratio(), 1e-9);
        assertEquals("TryFinallyVirtual.cleanup1", row(rows, "PooledVirtual.capturing1").ref().name());
        assertEquals("TryFinallyStackless.panicRecover", row(rows, "PooledStackless.panicRecoverExplicit").ref().name());
        assertEquals("TryFinally.panicPreallocated", row(rows, "PooledStackless.panicPreallocated").ref().name());
        assertNull(row(rows, "Mystery.thing").ref());
        assertEquals("cleanup1", rows.get(0).r().scenario());
        assertEquals("TryFinally", rows.get(0).r().variant());
    }

    @Test
    void rendersSvgAndMarkdownWithRatiosAndBytes() {
        List<Chart.Row> rows = Chart.rows(Chart.read(Json.parse(JSON)));
        String svg = Chart.svg(rows, "test");
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>\n"), svg);
        assertTrue(svg.contains("10.0 ns/op  ·  5.00×  ·  ≈0 B/op"), svg);
        String md = Chart.markdown(rows);
        assertTrue(md.contains("| Pooled | 10.0 | 10.0 ± 0.50 | ns/op | ≈0 | **5.00×** | TryFinally.cleanup1 |"), md);
        assertTrue(md.contains("| PooledVirtual | 12.0 | 12.0 ± 0.50 | ns/op | 16 | **3.00×** | TryFinallyVirtual.cleanup1 |"), md);
    }

    @Test
    void summaryIsOneRowPerScenarioAndForkWithACellPerVariant() {
        String s = Chart.summary(Chart.rows(Chart.read(Json.parse(JSON))));
        assertTrue(s.startsWith("| scenario | NoCleanup | TryFinally | TryWithResources | GuavaCloser | Allocated"
                + " | Pooled | OpenCoded |\n"), s);
        assertTrue(s.contains("| 1 defer (non-capturing: defer(Res::close, r)) |  | 2.00 (≈0) |  |  |  | 10.0 (≈0) 5.00× |  |\n"), s);
        assertTrue(s.contains("| 1 defer of a capturing lambda: defer(() -> r.close()), on a virtual thread |"
                + "  |  |  |  |  | 12.0 (16) 3.00× |  |\n"), s);
        assertTrue(!s.contains("thing"), "a variant outside the columns makes no row: " + s);
    }

    @Test
    void medianIgnoresOneDisturbedIteration() {
        assertEquals(2.0, Chart.median(Json.parse("[[1, 2, 900]]"), 0), 1e-9);
        assertEquals(2.5, Chart.median(Json.parse("[[1, 2], [3, 900]]"), 0), 1e-9);
        assertEquals(7.0, Chart.median(null, 7.0), 1e-9);
    }

    @Test
    void severalRunsKeepEachBenchmarksLeastDisturbedRun() {
        List<Chart.Result> run1 = Chart.read(Json.parse("[" + bench("Pooled.cleanup1", 10, 0) + ","
                + bench("baseline.TryFinally.cleanup1", 9, 0) + "]"));
        List<Chart.Result> run2 = Chart.read(Json.parse("[" + bench("Pooled.cleanup1", 12, 0) + ","
                + bench("baseline.TryFinally.cleanup1", 2, 0) + "]"));
        List<Chart.Row> rows = Chart.rows(Chart.leastDisturbed(List.of(run1, run2)));
        Chart.Row pooled = row(rows, "Pooled.cleanup1");
        assertEquals(1, pooled.r().run());
        assertEquals(2, pooled.ref().run());
        assertEquals(5.0, pooled.ratio(), 1e-9);
        assertTrue(Chart.markdown(rows).contains("| TryFinally.cleanup1 | 1 |"), Chart.markdown(rows));
    }

    @Test
    void parsesJmhJsonDetails() {
        Object v = Json.parse("{\"a\":[1,-2.5e3,\"x\\\"y\\u00e9\",true,null],\"b\":{}}");
        assertEquals("{a=[1.0, -2500.0, x\"yé, true, null], b={}}", v.toString());
    }
}
