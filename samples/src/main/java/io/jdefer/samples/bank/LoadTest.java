package io.jdefer.samples.bank;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded load test on loopback: fixed concurrency, fixed time, stops by itself. The request
 * mix has good transfers, panicking ones (no memo: a 500), conflicting ones (overdrafts: 409),
 * bad input (400), unknown accounts (404) and fan-out reports with and without a failing member.
 *
 * <p>It runs the {@code @Defer} service and the try/finally service in alternating windows (so
 * machine noise hits both alike) and reports throughput and the ratio; then batches with a frame
 * per item vs defer in the loop. After each run: the server still answers, and
 * {@link Invariants} hold (sum of balances unchanged, no leaked connections or locks).
 *
 * <pre>
 * -Drun=load                 : warm-up 5 s per variant, 10 rounds of 3 s per variant, batches 2 x 3 s
 * -Drun="load 2 3 2"         : warm-up seconds, rounds, seconds per window
 * </pre>
 */
public final class LoadTest {
    static final int CONCURRENCY = 32;
    static final int POOL = 8;

    private LoadTest() {
    }

    /** What one variant did over all its measured windows. */
    public static final class Figures {
        public final String name;
        public final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        public final LongAdder requests = new LongAdder();
        public final LongAdder transportErrors = new LongAdder();
        public double seconds;
        /** CPU time of this whole JVM (server and client) while this variant was driven. */
        public long cpuNanos;

        Figures(String name) {
            this.name = name;
        }

        void add(Figures o) {
            o.byStatus.forEach((k, v) -> byStatus.computeIfAbsent(k, x -> new LongAdder()).add(v.sum()));
            requests.add(o.requests.sum());
            transportErrors.add(o.transportErrors.sum());
            seconds += o.seconds;
            cpuNanos += o.cpuNanos;
        }

        /** Process CPU microseconds per request: insensitive to other processes on the machine. */
        public double cpuMicrosPerRequest() {
            return cpuNanos / 1e3 / requests.sum();
        }

        public double perSecond() {
            return requests.sum() / seconds;
        }

        public long status(int s) {
            LongAdder a = byStatus.get(s);
            return a == null ? 0 : a.sum();
        }

        @Override
        public String toString() {
            Map<Integer, Long> m = new TreeMap<>();
            byStatus.forEach((k, v) -> m.put(k, v.sum()));
            return String.format("%-22s %7d requests in %5.1f s = %7.0f req/s, %5.0f us CPU/request, statuses %s,"
                    + " transport errors %d", name, requests.sum(), seconds, perSecond(), cpuMicrosPerRequest(), m,
                    transportErrors.sum());
        }
    }

    /** The full result, for the test and the report. */
    public record Report(Figures defer, Figures finallyBaseline, List<Double> roundRatios, Figures batchFrame,
                         Figures batchLoop, boolean deferAlive, boolean finallyAlive, Invariants deferChecks,
                         Invariants finallyChecks, long deferServerErrorsLogged, long finallyServerErrorsLogged,
                         long defer500sSeen, double loadAverage) {
        /** Requests per second of the @Defer service over the try/finally one, all rounds pooled. */
        public double ratio() {
            return defer.perSecond() / finallyBaseline.perSecond();
        }

        /** The median of the per-round ratios: robust to a noisy neighbour during one window. */
        public double medianRatio() {
            List<Double> r = new ArrayList<>(roundRatios);
            r.sort(null);
            int n = r.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? r.get(n / 2) : (r.get(n / 2 - 1) + r.get(n / 2)) / 2;
        }

        /** try/finally CPU per request over @Defer CPU per request: the throughput ratio on an idle machine. */
        public double cpuRatio() {
            return finallyBaseline.cpuMicrosPerRequest() / defer.cpuMicrosPerRequest();
        }

        public double loopRatio() {
            return batchLoop.perSecond() / batchFrame.perSecond();
        }
    }

    public static void main(String[] args) throws Exception {
        double warm = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double window = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        Report r = run(System.out, warm, rounds, window);
        boolean ok = r.deferAlive() && r.finallyAlive() && r.deferChecks().ok() && r.finallyChecks().ok()
                && r.defer().transportErrors.sum() == 0 && r.finallyBaseline().transportErrors.sum() == 0;
        System.out.println(ok ? "load test passed" : "load test FAILED");
        if (!ok) {
            System.exit(1);
        }
    }

    /**
     * How long {@link #run} drives load, in seconds: every window stops sending at its deadline, so
     * this is the run's length up to the requests in flight then and the servers' start and stop.
     *
     * @param warmSeconds warm-up per variant
     * @param rounds alternating rounds
     * @param windowSeconds seconds per variant per round
     * @return the sum of all load windows
     */
    public static double plannedSeconds(double warmSeconds, int rounds, double windowSeconds) {
        return 2 * warmSeconds + 2 * rounds * windowSeconds + 2 * batchWindow(windowSeconds);
    }

    private static double batchWindow(double windowSeconds) {
        return Math.max(2, windowSeconds);
    }

    public static Report run(PrintStream out, double warmSeconds, int rounds, double windowSeconds) throws Exception {
        out.printf("load test: %d concurrent clients on loopback, pool of %d, warm-up %.0f s, %d rounds of %.1f s"
                + " per variant (alternating), then batches; %.0f s of load%n", CONCURRENCY, POOL, warmSeconds, rounds,
                windowSeconds, plannedSeconds(warmSeconds, rounds, windowSeconds));
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        try (BankService d = BankService.create("defer", new PanicLog(out, true), POOL).start(0);
             BankService f = BankService.create("finally", new PanicLog(out, true), POOL).start(0);
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            Figures fd = new Figures("@Defer/@Recover");
            Figures ff = new Figures("try/finally");
            Figures warmD = new Figures("warm-up");
            drive(http, d.uri(), Mix.SERVICE, warmSeconds, warmD, 1);
            drive(http, f.uri(), Mix.SERVICE, warmSeconds, new Figures("warm-up"), 2);
            List<Double> ratios = new ArrayList<>();
            double load = 0;
            for (int i = 0; i < rounds; i++) {
                Figures rd = new Figures("round");
                Figures rf = new Figures("round");
                boolean deferFirst = i % 2 == 0;
                drive(http, (deferFirst ? d : f).uri(), Mix.SERVICE, windowSeconds, deferFirst ? rd : rf, 10 + i);
                drive(http, (deferFirst ? f : d).uri(), Mix.SERVICE, windowSeconds, deferFirst ? rf : rd, 10 + i);
                ratios.add(rd.perSecond() / rf.perSecond());
                fd.add(rd);
                ff.add(rf);
                load += Math.max(0, os.getSystemLoadAverage());
            }
            double loadAverage = rounds == 0 ? 0 : load / rounds;
            Figures bFrame = new Figures("batch, frame per item");
            Figures bLoop = new Figures("batch, defer in loop");
            double batchWindow = batchWindow(windowSeconds);
            drive(http, d.uri(), Mix.BATCH, batchWindow, bFrame, 100);
            drive(http, d.uri(), Mix.BATCH_LOOP, batchWindow, bLoop, 100);

            boolean dAlive = alive(http, d.uri());
            boolean fAlive = alive(http, f.uri());
            Invariants di = Invariants.check(d);
            Invariants fi = Invariants.check(f);
            Report r = new Report(fd, ff, ratios, bFrame, bLoop, dAlive, fAlive, di, fi, d.log().serverErrors(),
                    f.log().serverErrors(), warmD.status(500) + fd.status(500) + bFrame.status(500) + bLoop.status(500),
                    loadAverage);
            out.println(fd);
            out.println(ff);
            out.printf("throughput ratio @Defer / try-finally = %.3f (all rounds), median of %d rounds %.3f;"
                    + " system load average %.1f on %d cores%n", r.ratio(), rounds, r.medianRatio(), loadAverage,
                    os.getAvailableProcessors());
            out.printf("CPU-cost ratio (try/finally CPU per request / @Defer CPU per request) = %.3f"
                    + " (what the throughput ratio is when this JVM has the machine to itself)%n", r.cpuRatio());
            out.println(bFrame);
            out.println(bLoop);
            out.printf("defer-in-a-loop batch throughput = %.2f x the frame-per-item batch%n", r.loopRatio());
            out.println("@Defer service: still answering /health: " + dAlive + "; 5xx panics logged: "
                    + d.log().serverErrors() + "; checks:");
            di.lines().forEach(out::println);
            out.println("try/finally service: still answering /health: " + fAlive + "; 5xx panics logged: "
                    + f.log().serverErrors() + "; checks:");
            fi.lines().forEach(out::println);
            return r;
        }
    }

    static boolean alive(HttpClient http, URI base) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    enum Mix { SERVICE, BATCH, BATCH_LOOP }

    /** CONCURRENCY virtual threads send requests back to back for {@code seconds}. */
    static void drive(HttpClient http, URI base, Mix mix, double seconds, Figures fig, long seed) throws InterruptedException {
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        AtomicLong seq = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1000 + w);
            workers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < deadline) {
                    HttpRequest req = request(base, mix, rnd, seq.incrementAndGet());
                    try {
                        int s = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        fig.byStatus.computeIfAbsent(s, k -> new LongAdder()).increment();
                        fig.requests.increment();
                    } catch (Exception e) {
                        fig.transportErrors.increment();
                    }
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        fig.seconds += (System.nanoTime() - start) / 1e9;
        fig.cpuNanos += processCpuNanos() - cpu0;
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    static HttpRequest request(URI base, Mix mix, SplittableRandom rnd, long n) {
        if (mix != Mix.SERVICE) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < 4; i++) {
                long from = 1 + rnd.nextInt(10);
                long to = 1 + (from + rnd.nextInt(9)) % 10;
                sb.append(i == 0 ? "" : ",").append(transfer(from, to, 1 + rnd.nextInt(5), "batch " + n));
            }
            return post(base, mix == Mix.BATCH_LOOP ? "/transfers/batch?variant=loop" : "/transfers/batch", sb.append(']').toString());
        }
        int k = rnd.nextInt(100);
        long from = 1 + rnd.nextInt(10);
        long to = 1 + (from + rnd.nextInt(9)) % 10;           // never equal to from
        if (k < 55) {
            return post(base, "/transfers", transfer(from, to, 1 + rnd.nextInt(20), "load " + n));
        } else if (k < 65) {
            return post(base, "/transfers", "{\"from\":" + from + ",\"to\":" + to + ",\"amount\":5}");   // panics: 500
        } else if (k < 75) {
            return post(base, "/transfers", transfer(from, to, 1_000_000, "overdraft " + n));           // conflict: 409
        } else if (k < 80) {
            return post(base, "/transfers", transfer(from, to, 0, "zero"));                               // 400
        } else if (k < 85) {
            return post(base, "/transfers", transfer(from, 999, 5, "nobody"));                            // 404 after debit
        } else if (k < 95) {
            return HttpRequest.newBuilder(base.resolve("/report?ids=" + from + "," + to + "," + (1 + rnd.nextInt(10))))
                    .timeout(Duration.ofSeconds(30)).build();
        } else {
            return HttpRequest.newBuilder(base.resolve("/report?ids=" + from + ",4242," + to))
                    .timeout(Duration.ofSeconds(30)).build();                                            // 404 via Group
        }
    }

    static String transfer(long from, long to, long amount, String memo) {
        return "{\"from\":" + from + ",\"to\":" + to + ",\"amount\":" + amount + ",\"memo\":\"" + memo + "\"}";
    }

    static HttpRequest post(URI base, String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
