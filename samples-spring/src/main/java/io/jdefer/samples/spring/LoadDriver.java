package io.jdefer.samples.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded load against a running service on this machine: {@code requests} requests, at most
 * {@code concurrency} in flight, a fixed mix of normal, panicking-and-recovered, rolled-back and
 * fan-out requests drawn from a seeded {@link Random}. Every answer is checked against what its
 * kind allows; the service-wide invariants are checked afterwards by {@link #checkInvariants}.
 */
public final class LoadDriver {
    /** The default seed; {@code -Dbank.load.seed=N} picks another. */
    public static final long DEFAULT_SEED = 20261203L;

    /** What one kind of request sends, and the statuses it may answer with. */
    enum Kind {
        TRANSFER(40, Set.of(200, 409)),             // 409: an overdraft, once balances run low
        OVERDRAFT(5, Set.of(409)),
        BAD_AMOUNT(5, Set.of(400)),
        UNKNOWN_ACCOUNT(5, Set.of(404, 409)),       // the credit fails after the debit: rolled back
        AUDIT_REJECTS(5, Set.of(500, 409)),         // panics after both updates: rolled back
        ACCOUNT(10, Set.of(200)),
        FAN_OUT(12, Set.of(200)),
        FAN_OUT_UNKNOWN(5, Set.of(404)),            // one member panics; await() brings it back
        CHECKED_PANIC_FIXED(4, Set.of(500, 409)),   // rollbackFor = Throwable.class
        RECOVERED_PANIC_FIXED(4, Set.of(409)),      // recovered, marked rollback-only
        JOB(5, Set.of(202));

        final int weight;
        final Set<Integer> allowed;

        Kind(int weight, Set<Integer> allowed) {
            this.weight = weight;
            this.allowed = allowed;
        }
    }

    /** The figures and every problem found; {@link #ok()} when there is none. */
    public record Result(int requests, long nanos, Map<String, Integer> byStatus, Map<String, Integer> byKind,
            int failedJobs, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public double perSecond() {
            return requests / (nanos / 1e9);
        }

        public int errorResponses() {
            return byStatus.entrySet().stream().filter(e -> !e.getKey().startsWith("2")).mapToInt(Map.Entry::getValue).sum();
        }

        @Override
        public String toString() {
            return String.format("%d requests in %.2f s (%.0f req/s), %d error responses (expected ones), "
                    + "%d problems; by status %s; by kind %s", requests, nanos / 1e9, perSecond(), errorResponses(),
                    problems.size(), byStatus, byKind);
        }
    }

    private final URI base;
    private final HttpClient http;

    public LoadDriver(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public Result run(int requests, int concurrency, long seed) throws InterruptedException {
        if (requests < 1 || concurrency < 1) {
            throw new IllegalArgumentException("requests and concurrency must be at least 1, got " + requests + ", " + concurrency);
        }
        Random random = new Random(seed);
        List<Kind> plan = new ArrayList<>(requests);
        int totalWeight = 0;
        for (Kind k : Kind.values()) {
            totalWeight += k.weight;
        }
        for (int i = 0; i < requests; i++) {
            int r = random.nextInt(totalWeight);
            for (Kind k : Kind.values()) {
                if ((r -= k.weight) < 0) {
                    plan.add(k);
                    break;
                }
            }
        }
        Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        Map<String, Integer> byKind = new ConcurrentHashMap<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failedJobs = new AtomicInteger();
        LongAdder answered = new LongAdder();
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                Kind kind = plan.get(i);
                long requestSeed = random.nextLong();
                String requestId = "load-" + seed + "-" + i;
                inFlight.acquire();
                clients.execute(() -> {
                    try {
                        one(kind, new Random(requestSeed), requestId, byStatus, failedJobs, problems);
                        answered.increment();
                    } finally {
                        inFlight.release();
                    }
                    byKind.merge(kind.name(), 1, Integer::sum);
                });
            }
        }
        long nanos = System.nanoTime() - start;
        if (answered.sum() != requests) {
            problems.add((requests - answered.sum()) + " requests got no answer");
        }
        return new Result(requests, nanos, new TreeMap<>(byStatus), new TreeMap<>(byKind), failedJobs.get(), problems);
    }

    private void one(Kind kind, Random r, String requestId, Map<String, Integer> byStatus, AtomicInteger failedJobs,
            List<String> problems) {
        long from = 1 + r.nextInt(10);
        long to = 1 + (from + r.nextInt(9)) % 10;   // never from
        String path = switch (kind) {
            case TRANSFER -> "/transfers?from=" + from + "&to=" + to + "&amount=" + (1 + r.nextInt(50));
            case OVERDRAFT -> "/transfers?from=" + from + "&to=" + to + "&amount=1000000";
            case BAD_AMOUNT -> "/transfers?from=" + from + "&to=" + to + "&amount=" + -r.nextInt(5);
            case UNKNOWN_ACCOUNT -> "/transfers?from=" + from + "&to=999&amount=" + (1 + r.nextInt(50));
            case AUDIT_REJECTS -> "/transfers?from=" + from + "&to=" + to + "&amount=1&memo=boom-" + r.nextInt(100);
            case ACCOUNT -> "/accounts/" + from;
            case FAN_OUT -> "/balances?ids=" + ids(r, false);
            case FAN_OUT_UNKNOWN -> "/balances?ids=" + ids(r, true);
            case CHECKED_PANIC_FIXED -> "/traps/checked?fixed=true&from=" + from + "&to=" + to + "&amount=" + (1 + r.nextInt(50));
            case RECOVERED_PANIC_FIXED -> "/traps/recovered?fixed=true&from=" + from + "&to=" + to + "&amount=" + (1 + r.nextInt(50));
            case JOB -> {
                boolean fail = r.nextBoolean();
                if (fail) {
                    failedJobs.incrementAndGet();
                }
                yield "/jobs/audit?fail=" + fail;
            }
        };
        boolean get = kind == Kind.ACCOUNT || kind == Kind.FAN_OUT || kind == Kind.FAN_OUT_UNKNOWN;
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header(RequestIdFilter.HEADER, requestId);
        HttpRequest request = get ? b.GET().build() : b.POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            problems.add(kind + " " + path + ": no answer: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(kind + " " + path + ": interrupted");
            return;
        }
        int status = response.statusCode();
        String body = response.body();
        byStatus.merge(String.valueOf(status), 1, Integer::sum);
        if (!kind.allowed.contains(status)) {
            problems.add(kind + " " + path + ": status " + status + ", expected one of " + kind.allowed + ": " + body);
        }
        if (body == null || body.isBlank()) {
            problems.add(kind + " " + path + ": status " + status + " with an empty body");
        } else if (status >= 400 && !body.contains("\"status\":" + status)) {
            problems.add(kind + " " + path + ": error " + status + " without an error body: " + body);
        }
        if (kind == Kind.FAN_OUT && status == 200 && !body.contains("\"requestIds\":[\"" + requestId + "\"]")) {
            problems.add(kind + " " + path + ": the members did not all see request id " + requestId + ": " + body);
        }
    }

    private static String ids(Random r, boolean withUnknown) {
        int n = 3 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        int unknownAt = withUnknown ? r.nextInt(n) : -1;
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(i == unknownAt ? 999 : 1 + r.nextInt(10));
        }
        return sb.toString();
    }

    /** GET /stats as a flat map of numbers (the nested "deferred" counters as deferred.NAME). */
    public Map<String, Long> stats() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/stats")).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /stats answered " + r.statusCode() + ": " + r.body());
        }
        Map<String, Long> m = new TreeMap<>();
        String json = r.body();
        Matcher nested = Pattern.compile("\"deferred\":\\{([^}]*)}").matcher(json);
        if (nested.find()) {
            Matcher kv = Pattern.compile("\"(\\w+)\":(-?\\d+)").matcher(nested.group(1));
            while (kv.find()) {
                m.put("deferred." + kv.group(1), Long.parseLong(kv.group(2)));
            }
            json = json.substring(0, nested.start()) + json.substring(nested.end());
        }
        Matcher kv = Pattern.compile("\"(\\w+)\":(-?\\d+)").matcher(json);
        while (kv.find()) {
            m.put(kv.group(1), Long.parseLong(kv.group(2)));
        }
        return m;
    }

    /**
     * The invariants after a load, given the stats before it: the money on accounts 1..10 and on
     * the trap accounts did not change (no partial writes), every deferred action registered ran
     * exactly once, nothing is in flight, no connection is checked out, and the goroutine panic
     * policy saw each failed job. Jobs run on after their 202, so this waits for them, at most
     * {@code waitMillis}.
     */
    public List<String> checkInvariants(Map<String, Long> before, Result load, long waitMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        List<String> problems;
        do {
            Map<String, Long> s = stats();
            problems = new ArrayList<>();
            expect(problems, s, "total", before.get("total"), "the money on accounts 1..10 (a partial write changes it)");
            expect(problems, s, "trapTotal", before.get("trapTotal"), "the money on the trap accounts");
            expect(problems, s, "deferred.ran", s.get("deferred.registered"), "deferred actions run (= registered)");
            expect(problems, s, "deferred.ranTwice", 0L, "deferred actions run twice");
            expect(problems, s, "deferred.failed", 0L, "deferred actions that threw");
            expect(problems, s, "transfersInFlight", 0L, "transfers in flight");
            expect(problems, s, "fanOutMembersRunning", 0L, "fan-out members running");
            expect(problems, s, "deferredOutsideTransaction", 0L, "deferred actions of @Transactional methods run outside the transaction");
            expect(problems, s, "activeConnections", 0L, "Hikari connections checked out");
            long jobs = load.byKind().getOrDefault(Kind.JOB.name(), 0);
            expect(problems, s, "jobsFinished", before.get("jobsFinished") + jobs, "audit jobs finished");
            expect(problems, s, "goroutinePanics", before.get("goroutinePanics") + load.failedJobs(),
                    "goroutine panics handled by the policy");
            if (problems.isEmpty() || System.nanoTime() > deadline) {
                return problems;
            }
            Thread.sleep(100);
        } while (true);
    }

    private static void expect(List<String> problems, Map<String, Long> stats, String key, Long expected, String what) {
        Long actual = stats.get(key);
        if (actual == null || !actual.equals(expected)) {
            problems.add(what + ": " + key + " = " + actual + ", expected " + expected);
        }
    }
}
