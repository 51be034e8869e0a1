package io.jdefer.bench.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON result file ({@code -rf json}) into an SVG bar chart of each benchmark's ratio
 * to hand-written try/finally, and optionally a Markdown table of the same numbers, so the
 * README's chart and table are generated from the committed JSON, never drawn or typed by hand.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.jdefer.bench.chart.Chart run1.json [run2.json ...] chart.svg [table.md [summary.md]]
 * </pre>
 *
 * <p>{@code table.md} lists every benchmark; {@code summary.md} is the scenario × variant matrix
 * that {@code bench/README.md} shows and the project README quotes: one source for every figure.
 *
 * <p>How benchmarks are paired: a benchmark {@code <package>.<Variant>.<scenario>} is one bar of
 * the group {@code scenario}; its reference is {@code TryFinally<Suffix>.<scenario>}, where
 * {@code Suffix} is the variant's fork suffix ({@code Virtual}, {@code Stackless},
 * {@code Throughput}), falling back to plain {@code TryFinally}, and for scenarios that have no
 * try/finally twin to the scenario they vary ({@code capturingN} to {@code cleanupN},
 * {@code panicRecoverExplicit} to {@code panicRecover}, {@code throughputGo} to
 * {@code throughput}). The ratio axis is logarithmic. Times are the <em>median</em> of the
 * measurement iterations, not JMH's mean: on a shared machine one disturbed iteration moves the
 * mean of five a lot and the median little; the table keeps JMH's mean and error beside it.
 */
public final class Chart {
    private Chart() {
        throw new AssertionError("no instances");
    }

    /**
     * One benchmark's result: {@code median} of its measurement iterations (what bars and ratios
     * use), JMH's {@code mean} and {@code error} (99.9% CI), and B/op from {@code -prof gc} (NaN if
     * absent).
     */
    record Result(String variant, String scenario, double median, double mean, double error, String unit,
            double bytes, int run) {
        String name() {
            return variant + "." + scenario;
        }

        Result withRun(int n) {
            return new Result(variant, scenario, median, mean, error, unit, bytes, n);
        }
    }

    /** A result and the try/finally result it is divided by (null if none). */
    record Row(Result r, Result ref) {
        double ratio() {
            return ref == null ? Double.NaN : r.median() / ref.median();
        }
    }

    static final List<String> SUFFIXES = List.of("Virtual", "Stackless", "Throughput");
    static final List<String> STYLES = List.of("NoCleanup", "TryFinally", "TryWithResources", "GuavaCloser",
            "Allocated", "Pooled", "OpenCoded");
    static final Map<String, String> COLORS = Map.of(
            "NoCleanup", "#c8c8c8", "TryFinally", "#4d4d4d", "TryWithResources", "#8c8c8c",
            "GuavaCloser", "#a6761d", "Allocated", "#e69f00", "Pooled", "#0072b2", "OpenCoded", "#009e73");
    static final Map<String, String> TITLES = titles();

    private static Map<String, String> titles() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("cleanup1", "1 defer (non-capturing: defer(Res::close, r))");
        t.put("cleanup3", "3 defers");
        t.put("cleanup8", "8 defers");
        t.put("cleanup9", "9 defers (Go open-codes at most 8)");
        t.put("recoverResult", "defer(() -> { if (recover() != null) setResult(-1); }), not panicking");
        t.put("lockUnlock", "lock(); defer(ReentrantLock::unlock, lock) in a non-void method");
        t.put("capturing1", "1 defer of a capturing lambda: defer(() -> r.close())");
        t.put("capturing3", "3 defers of capturing lambdas");
        t.put("loop", "defer in a loop of 32: per record");
        t.put("panicRecover", "panic + recover (a new panic value each time)");
        t.put("panicRecoverExplicit", "panic + defer(() -> recover())");
        t.put("panicPreallocated", "panic + recover of a preallocated, stackless exception");
        t.put("throughput", "10k virtual threads: open + defer close, lock + defer unlock");
        t.put("throughputGo", "the same, threads started with Go.go");
        return t;
    }

    /**
     * Writes the chart (and the table).
     *
     * @param args {@code results.json chart.svg [table.md]}
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        List<Path> ins = new ArrayList<>();
        String svgOut = null;
        String mdOut = null;
        String summaryOut = null;
        for (String a : args) {
            if (a.endsWith(".json")) {
                ins.add(Path.of(a));
            } else if (a.endsWith(".svg") && svgOut == null) {
                svgOut = a;
            } else if (a.endsWith(".md") && mdOut == null) {
                mdOut = a;
            } else if (a.endsWith(".md") && summaryOut == null) {
                summaryOut = a;
            } else {
                svgOut = null;
                break;
            }
        }
        if (ins.isEmpty() || svgOut == null) {
            System.err.println("usage: java -cp benchmarks.jar io.jdefer.bench.chart.Chart run.json [run2.json ...]"
                    + " chart.svg [table.md [summary.md]]\n  with several runs, each benchmark is taken from the run where"
                    + " its median was lowest (the least disturbed one)");
            System.exit(2);
        }
        List<List<Result>> runs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Object first = null;
        for (Path in : ins) {
            Object doc = Json.parse(Files.readString(in));
            first = first == null ? doc : first;
            runs.add(read(doc));
            names.add(in.getFileName().toString());
        }
        List<Row> rows = rows(leastDisturbed(runs));
        String subtitle = describeRun(first, String.join(" + ", names)
                + (runs.size() > 1 ? " (per benchmark, the run with the lowest median)" : ""));
        Files.writeString(Path.of(svgOut), svg(rows, subtitle));
        if (mdOut != null) {
            Files.writeString(Path.of(mdOut), markdown(rows));
        }
        if (summaryOut != null) {
            Files.writeString(Path.of(summaryOut), summary(rows));
        }
        System.out.println("chart: " + rows.size() + " benchmarks from " + names + " -> " + svgOut
                + (mdOut != null ? " and " + mdOut : "") + (summaryOut != null ? " and " + summaryOut : ""));
    }

    /**
     * Several runs of the same suite: for each benchmark, the result of the run where its median
     * was lowest. On a shared machine, interference only ever adds time, so the lowest median is
     * the least disturbed measurement; the run it came from is kept in {@link Result#run}.
     */
    static List<Result> leastDisturbed(List<List<Result>> runs) {
        Map<String, Result> best = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (Result r : runs.get(i)) {
                Result tagged = r.withRun(runs.size() > 1 ? i + 1 : 0);
                best.merge(r.name(), tagged, (a, b) -> b.median() < a.median() ? b : a);
            }
        }
        return new ArrayList<>(best.values());
    }

    // ------------------------------------------------------------------ reading

    @SuppressWarnings("unchecked")
    static List<Result> read(Object doc) {
        List<Result> out = new ArrayList<>();
        for (Object o : (List<Object>) doc) {
            Map<String, Object> b = (Map<String, Object>) o;
            String full = (String) b.get("benchmark");
            int m = full.lastIndexOf('.');
            int c = full.lastIndexOf('.', m - 1);
            Map<String, Object> pm = (Map<String, Object>) b.get("primaryMetric");
            double bytes = Double.NaN;
            Object sec = b.get("secondaryMetrics");
            if (sec instanceof Map<?, ?> s && s.get("gc.alloc.rate.norm") instanceof Map<?, ?> g) {
                bytes = num(g.get("score"));
            }
            double mean = num(pm.get("score"));
            out.add(new Result(full.substring(c + 1, m), full.substring(m + 1), median(pm.get("rawData"), mean),
                    mean, num(pm.get("scoreError")), (String) pm.get("scoreUnit"), bytes, 0));
        }
        return out;
    }

    /** Median over all forks' iterations; {@code fallback} if JMH wrote no raw data. */
    @SuppressWarnings("unchecked")
    static double median(Object rawData, double fallback) {
        List<Double> all = new ArrayList<>();
        if (rawData instanceof List<?> forks) {
            for (Object f : forks) {
                for (Object v : (List<Object>) f) {
                    all.add(num(v));
                }
            }
        }
        if (all.isEmpty()) {
            return fallback;
        }
        all.sort(null);
        int n = all.size();
        return n % 2 == 1 ? all.get(n / 2) : (all.get(n / 2 - 1) + all.get(n / 2)) / 2;
    }

    private static double num(Object o) {
        return o instanceof Double d ? d : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    private static String describeRun(Object doc, String file) {
        List<Object> l = (List<Object>) doc;
        if (l.isEmpty()) {
            return file;
        }
        Map<String, Object> b = (Map<String, Object>) l.get(0);
        return "from " + file + " · JDK " + b.get("jdkVersion") + " (" + b.get("vmName") + ") · "
                + ((Double) b.get("measurementIterations")).intValue() + " × " + b.get("measurementTime")
                + " measurement, " + ((Double) b.get("warmupIterations")).intValue() + " × " + b.get("warmupTime")
                + " warmup, " + ((Double) b.get("forks")).intValue() + " fork per class";
    }

    /** Pairs each result with its reference and orders them by scenario, suffix, style. */
    static List<Row> rows(List<Result> results) {
        Map<String, Result> byName = new LinkedHashMap<>();
        for (Result r : results) {
            byName.put(r.name(), r);
        }
        List<Row> rows = new ArrayList<>();
        for (Result r : results) {
            rows.add(new Row(r, reference(r, byName)));
        }
        List<String> order = new ArrayList<>(TITLES.keySet());
        rows.sort(Comparator.<Row>comparingInt(w -> rank(order, w.r().scenario()))
                .thenComparing(w -> w.r().scenario())
                .thenComparingInt(w -> suffix(w.r().variant()).isEmpty() ? -1 : rank(SUFFIXES, suffix(w.r().variant())))
                .thenComparingInt(w -> rank(STYLES, style(w.r().variant())))
                .thenComparing(w -> w.r().variant()));
        return rows;
    }

    static Result reference(Result r, Map<String, Result> byName) {
        String sfx = suffix(r.variant());
        String base = baseScenario(r.scenario());
        for (String cand : List.of("TryFinally" + sfx + "." + r.scenario(), "TryFinally." + r.scenario(),
                "TryFinally" + sfx + "." + base, "TryFinally." + base)) {
            Result ref = byName.get(cand);
            if (ref != null) {
                return ref;
            }
        }
        return null;
    }

    static String baseScenario(String s) {
        if (s.startsWith("capturing")) {
            return "cleanup" + s.substring("capturing".length());
        }
        if (s.equals("panicRecoverExplicit")) {
            return "panicRecover";
        }
        if (s.equals("throughputGo")) {
            return "throughput";
        }
        return s;
    }

    static String suffix(String variant) {
        for (String s : SUFFIXES) {
            if (variant.endsWith(s) && variant.length() > s.length()) {
                return s;
            }
        }
        return "";
    }

    static String style(String variant) {
        return variant.substring(0, variant.length() - suffix(variant).length());
    }

    private static int rank(List<String> order, String s) {
        int i = order.indexOf(s);
        return i < 0 ? order.size() : i;
    }

    // ------------------------------------------------------------------ formatting

    static String fmtScore(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a < 10 ? "%.2f" : a < 100 ? "%.1f" : "%.0f", v);
    }

    static String fmtBytes(double b) {
        if (Double.isNaN(b)) {
            return "–";
        }
        if (b < 0.01) {
            return "≈0";
        }
        return String.format(Locale.ROOT, Math.abs(b - Math.rint(b)) < 0.05 || b >= 1000 ? "%.0f" : "%.2f", b);
    }

    static String fmtRatio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, r < 10 ? "%.2f×" : "%.1f×", r);
    }

    /** A Markdown table: scenario, variant, score ± error, B/op, ratio and its reference. */
    static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        boolean runs = rows.stream().anyMatch(w -> w.r().run() > 0);
        b.append("| scenario | variant | median | mean ± error (JMH) | unit | B/op | ratio (medians) | to |")
                .append(runs ? " run |\n" : "\n");
        b.append("|---|---|---:|---:|---|---:|---:|---|").append(runs ? "---:|\n" : "\n");
        String last = null;
        for (Row w : rows) {
            Result r = w.r();
            String scen = r.scenario().equals(last) ? "" : "`" + r.scenario() + "`";
            last = r.scenario();
            b.append("| ").append(scen).append(" | ").append(r.variant())
                    .append(" | ").append(fmtScore(r.median()))
                    .append(" | ").append(fmtScore(r.mean())).append(" ± ").append(fmtScore(r.error()))
                    .append(" | ").append(r.unit())
                    .append(" | ").append(fmtBytes(r.bytes()))
                    .append(" | ").append(w.ref() == r ? "1 (ref)" : "**" + fmtRatio(w.ratio()) + "**")
                    .append(" | ").append(w.ref() == null || w.ref() == r ? "" : w.ref().name())
                    .append(runs ? " | " + r.run() : "")
                    .append(" |\n");
        }
        return b.toString();
    }

    /** What a fork suffix changes, for the summary's row labels. */
    private static final Map<String, String> SUFFIX_LABELS = Map.of(
            "Virtual", "on a virtual thread", "Stackless", "panics without stack traces",
            "Throughput", "µs per batch, B per thread");

    /**
     * The scenario × variant matrix: per cell the median, B/op in brackets and the ratio to the
     * row's try/finally. Throughput rows divide B/op by the batch's {@value #BATCH_THREADS} threads.
     */
    static String summary(List<Row> rows) {
        Map<String, Map<String, Row>> matrix = new LinkedHashMap<>();
        for (Row w : rows) {
            String sfx = suffix(w.r().variant());
            matrix.computeIfAbsent(w.r().scenario() + "|" + sfx, k -> new LinkedHashMap<>())
                    .put(style(w.r().variant()), w);
        }
        StringBuilder b = new StringBuilder("| scenario |");
        StringBuilder line = new StringBuilder("|---|");
        for (String s : STYLES) {
            b.append(' ').append(s).append(" |");
            line.append("---:|");
        }
        b.append('\n').append(line).append('\n');
        for (Map.Entry<String, Map<String, Row>> e : matrix.entrySet()) {
            String scenario = e.getKey().substring(0, e.getKey().indexOf('|'));
            String sfx = e.getKey().substring(e.getKey().indexOf('|') + 1);
            Map<String, Row> cells = e.getValue();
            if (STYLES.stream().map(cells::get).allMatch(w -> w == null || w.ref() == w.r())) {
                continue;                               // nothing in the columns measured against a reference
            }
            b.append("| ").append(TITLES.getOrDefault(scenario, scenario))
                    .append(sfx.isEmpty() ? "" : ", " + SUFFIX_LABELS.get(sfx)).append(" |");
            for (String s : STYLES) {
                Row w = cells.get(s);
                b.append(' ').append(w == null ? "" : cell(w, sfx.equals("Throughput"))).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Threads per batch of the {@code throughput} scenarios. */
    static final int BATCH_THREADS = io.jdefer.bench.Goroutines10k.THREADS;

    private static String cell(Row w, boolean perThread) {
        Result r = w.r();
        double bytes = perThread ? Math.rint(r.bytes() / BATCH_THREADS) : r.bytes();
        String s = fmtScore(r.median()) + (Double.isNaN(bytes) ? "" : " (" + fmtBytes(bytes) + ")");
        return w.ref() == null || w.ref() == r ? s : s + " " + fmtRatio(w.ratio());
    }

    // ------------------------------------------------------------------ SVG

    private static final int WIDTH = 1000;
    private static final int LABEL_RIGHT = 190;
    private static final int X0 = 200;
    private static final int X1 = 640;
    private static final int TEXT_X = 652;
    private static final int ROW = 17;
    private static final int HEADER = 24;

    static String svg(List<Row> rows, String subtitle) {
        double max = 2;
        for (Row w : rows) {
            if (!Double.isNaN(w.ratio())) {
                max = Math.max(max, w.ratio());
            }
        }
        double lo = 0.25;
        double hi = Math.pow(2, Math.ceil(Math.log(max) / Math.log(2) + 1e-9));
        int height = 78 + 30;
        String last = null;
        for (Row w : rows) {
            if (!w.r().scenario().equals(last)) {
                height += HEADER;
                last = w.r().scenario();
            }
            height += ROW;
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
                WIDTH, height, WIDTH, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">jdefer: cost relative to"
                + " hand-written try/finally (lower is better)</text>\n");
        s.append("<text x=\"10\" y=\"40\" fill=\"#555\">").append(esc(subtitle)).append("</text>\n");
        s.append("<text x=\"10\" y=\"56\" fill=\"#555\">Bars: time ratio to the try/finally twin"
                + " (log scale); text: median time per op, ratio of medians, bytes allocated per op (-prof gc)."
                + " *Virtual/*Stackless/*Throughput are compared with TryFinally of the same suffix.</text>\n");
        int top = 78;
        int bottom = height - 30;
        for (double g = lo; g <= hi * 1.0001; g *= 2) {
            double x = x(g, lo, hi);
            boolean one = Math.abs(g - 1) < 1e-9;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
                    x, top - 6, x, bottom, one ? "#333" : "#ddd", one ? "1.5" : "1"));
            String label = g < 1 ? fmtTick(g) + "×" : ((long) g) + "×";
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n",
                    x, top - 10, label));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n",
                    x, bottom + 16, label));
        }
        int y = top;
        last = null;
        for (Row w : rows) {
            Result r = w.r();
            if (!r.scenario().equals(last)) {
                last = r.scenario();
                y += HEADER;
                String title = TITLES.getOrDefault(r.scenario(), r.scenario());
                s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s"
                        + " <tspan font-weight=\"normal\" fill=\"#777\">(%s)</tspan></text>\n", y - 7, esc(title),
                        esc(r.scenario())));
            }
            String color = COLORS.getOrDefault(style(r.variant()), "#cc79a7");
            boolean variantFork = !suffix(r.variant()).isEmpty() && !suffix(r.variant()).equals("Throughput");
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    LABEL_RIGHT, y + 12, esc(r.variant())));
            double ratio = w.ratio();
            if (!Double.isNaN(ratio)) {
                double x = x(Math.max(lo, Math.min(hi, ratio)), lo, hi);
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"%s/>\n",
                        X0, y + 2, Math.max(1, x - X0), ROW - 4, color,
                        variantFork ? " fill-opacity=\"0.6\" stroke=\"" + color + "\"" : ""));
            }
            String text = fmtScore(r.median()) + " " + r.unit() + "  ·  " + fmtRatio(ratio) + "  ·  "
                    + fmtBytes(r.bytes()) + " B/op";
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#222\">%s</text>\n",
                    TEXT_X, y + 12, esc(text)));
            y += ROW;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String fmtTick(double g) {
        return g == 0.5 ? "0.5" : g == 0.25 ? "0.25" : String.format(Locale.ROOT, "%.3g", g);
    }

    private static double x(double ratio, double lo, double hi) {
        double l = Math.log(lo);
        return X0 + (Math.log(ratio) - l) / (Math.log(hi) - l) * (X1 - X0);
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
