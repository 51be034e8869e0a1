package io.jdefer.samples.bank;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The load test without the network: calls each service's {@code handle(HttpExchange)} directly
 * with in-memory exchanges, the same request mix as {@link LoadTest}, on one thread, and measures
 * that thread's CPU time per request. What is left is exactly what differs between the two
 * services: the cleanup structure ({@code @Recover}/{@code @Defer}/{@code Go.defer} against
 * try/catch/finally), around the same routing, SQL and JSON. Thread CPU time is not disturbed by
 * other processes on the machine, so the ratio is stable on a busy box.
 *
 * <pre>
 * -Drun=handlers              : 10 rounds of 20000 requests per variant, alternating
 * -Drun="handlers 5 5000"     : rounds, requests per round
 * </pre>
 */
public final class HandlerBench {
    private HandlerBench() {
    }

    /** CPU nanoseconds per request of each variant, pooled over the rounds, and per-round ratios. */
    public record Result(double deferNanos, double finallyNanos, List<Double> roundRatios, Invariants deferChecks,
                         Invariants finallyChecks) {
        /** try/finally CPU per request over @Defer CPU per request (1.0: same cost; above: @Defer cheaper). */
        public double ratio() {
            return finallyNanos / deferNanos;
        }

        public double medianRatio() {
            List<Double> r = new ArrayList<>(roundRatios);
            r.sort(null);
            int n = r.size();
            return n % 2 == 1 ? r.get(n / 2) : (r.get(n / 2 - 1) + r.get(n / 2)) / 2;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Result r = run(System.out, rounds, perRound);
        if (!r.deferChecks().ok() || !r.finallyChecks().ok()) {
            System.exit(1);
        }
    }

    public static Result run(PrintStream out, int rounds, int perRound) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (BankService d = BankService.create("defer", new PanicLog(out, true), 8);
             BankService f = BankService.create("finally", new PanicLog(out, true), 8)) {
            out.printf("handler bench: %d rounds x %d requests per variant, alternating, one thread, no network%n",
                    rounds, perRound);
            drive(d, perRound, 1, threads);                  // warm-up
            drive(f, perRound, 1, threads);
            long dNanos = 0;
            long fNanos = 0;
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long a;
                long b;
                if (i % 2 == 0) {
                    a = drive(d, perRound, 10 + i, threads);
                    b = drive(f, perRound, 10 + i, threads);
                } else {
                    b = drive(f, perRound, 10 + i, threads);
                    a = drive(d, perRound, 10 + i, threads);
                }
                dNanos += a;
                fNanos += b;
                ratios.add((double) b / a);
            }
            long n = (long) rounds * perRound;
            Result r = new Result((double) dNanos / n, (double) fNanos / n, ratios, Invariants.check(d), Invariants.check(f));
            out.printf("@Defer/@Recover handlers: %6.1f us CPU per request%n", r.deferNanos() / 1e3);
            out.printf("try/finally handlers:     %6.1f us CPU per request%n", r.finallyNanos() / 1e3);
            out.printf("throughput ratio @Defer / try-finally (CPU-bound) = %.3f, median of %d rounds %.3f%n",
                    r.ratio(), rounds, r.medianRatio());
            out.println("checks, @Defer service:");
            r.deferChecks().lines().forEach(out::println);
            out.println("checks, try/finally service:");
            r.finallyChecks().lines().forEach(out::println);
            return r;
        }
    }

    /** Runs {@code n} requests of the load-test mix through {@code s.handle}; returns thread CPU ns. */
    static long drive(BankService s, int n, long seed, ThreadMXBean threads) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            FakeExchange ex = request(rnd, i);
            s.handle(ex);
            if (ex.status == 0) {
                throw new AssertionError("no response for " + ex.getRequestMethod() + " " + ex.getRequestURI());
            }
        }
        return threads.getCurrentThreadCpuTime() - t0;
    }

    /** The {@link LoadTest} service mix, minus the fan-out (its goroutines run on other threads). */
    static FakeExchange request(SplittableRandom rnd, long n) {
        int k = rnd.nextInt(85);
        long from = 1 + rnd.nextInt(10);
        long to = 1 + (from + rnd.nextInt(9)) % 10;
        if (k < 55) {
            return post(LoadTest.transfer(from, to, 1 + rnd.nextInt(20), "load " + n));
        } else if (k < 65) {
            return post("{\"from\":" + from + ",\"to\":" + to + ",\"amount\":5}");
        } else if (k < 75) {
            return post(LoadTest.transfer(from, to, 1_000_000, "overdraft " + n));
        } else if (k < 80) {
            return post(LoadTest.transfer(from, to, 0, "zero"));
        } else {
            return post(LoadTest.transfer(from, 999, 5, "nobody"));
        }
    }

    static FakeExchange post(String json) {
        return new FakeExchange("POST", URI.create("/transfers"), json);
    }

    /** An in-memory {@link HttpExchange}. */
    static final class FakeExchange extends HttpExchange {
        private final String method;
        private final URI uri;
        private final Headers requestHeaders = new Headers();
        private final Headers responseHeaders = new Headers();
        private InputStream in;
        private OutputStream out = new ByteArrayOutputStream();
        int status;

        FakeExchange(String method, URI uri, String body) {
            this.method = method;
            this.uri = uri;
            this.in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public InputStream getRequestBody() {
            return in;
        }

        @Override
        public OutputStream getResponseBody() {
            return out;
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            if (status != 0) {
                throw new IllegalStateException("headers already sent");
            }
            status = rCode;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public int getResponseCode() {
            return status == 0 ? -1 : status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return null;
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            if (i != null) {
                in = i;
            }
            if (o != null) {
                out = o;
            }
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
