package io.jdefer.samples.bank;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.setResult;

import io.jdefer.annotation.Defer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The README's first command: starts the bank with the agent on a free loopback port, drives a
 * short scripted session with {@link HttpClient} (good requests, bad ones, one that panics deep
 * in the code, two conflicting transfers, a fan-out with and without a failing member, a batch
 * with and without the defer-in-a-loop mistake), checks the invariants, and stops.
 *
 * <p>{@code serve [port]} keeps the same service running (default port 8080) until Ctrl-C.
 */
public final class Demo {
    private static final int POOL = 4;

    private Demo() {
    }

    /** What the session saw: the status of each scripted step, and the final checks. */
    public record Result(List<Integer> statuses, Invariants invariants, long serverErrorsLogged, boolean agentAttached) {
        public boolean ok() {
            return invariants.ok() && agentAttached;
        }
    }

    public static void main(String[] args) throws Exception {
        Result r = run(System.out);
        if (!r.ok()) {
            System.exit(1);
        }
    }

    /** {@code serve [port]}: the service, kept running. */
    public static void serve(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        if (!agentAttached()) {
            System.out.println(NO_AGENT);
        }
        BankService s = BankService.create("defer", new PanicLog(System.out, false), 8).start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        URI u = s.uri();
        System.out.println("jdefer bank listening on " + u + " (Ctrl-C stops it). Try:");
        System.out.println("  curl -s " + u + "/accounts");
        System.out.println("  curl -s -XPOST " + u + "/transfers -d '{\"from\":1,\"to\":2,\"amount\":50,\"memo\":\"rent\"}'");
        System.out.println("  curl -s -XPOST " + u + "/transfers -d '{\"from\":1,\"to\":2,\"amount\":50}'     # panics: 500");
        System.out.println("  curl -s " + u + "/report?ids=1,2,3");
        System.out.println("  curl -s " + u + "/health");
        Thread.currentThread().join();
    }

    static final String NO_AGENT = "WARNING: the jdefer agent is not attached, @Defer/@Recover methods are not"
            + " frames. Run with -javaagent:agent/target/jdefer-agent-<version>.jar (samples/README.md).";

    @Defer
    static int agentProbe() {
        defer(() -> setResult(1));
        return 0;
    }

    /** True if {@code @Defer} methods are rewritten in this JVM. */
    public static boolean agentAttached() {
        try {
            return agentProbe() == 1;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public static Result run(PrintStream out) throws Exception {
        boolean agent = agentAttached();
        out.println("jdefer bank demo: @Recover handlers, @Defer transactions, Group fan-out");
        if (!agent) {
            out.println(NO_AGENT);
        }
        List<Integer> statuses = new ArrayList<>();
        try (BankService s = BankService.create("defer", new PanicLog(out, false), POOL).start(0);
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            Session api = new Session(http, s.uri(), out, statuses);
            out.println("server: " + s.uri() + " (a virtual thread per request; H2 in memory; pool of "
                    + POOL + " connections)");
            out.println();

            var all = api.get("1. list the accounts", "/accounts");
            out.println("     " + ((List<?>) Json.parse(all)).size() + " accounts, total " + s.initialTotal());

            api.post("2. a good transfer", "/transfers", "{\"from\":1,\"to\":2,\"amount\":250,\"memo\":\"Rent\"}");
            out.println("     balances: " + api.balances(1, 2));

            api.post("3. bad input (a negative amount)", "/transfers", "{\"from\":1,\"to\":2,\"amount\":-5,\"memo\":\"x\"}");

            api.post("4. to an unknown account: the debit already ran, the deferred rollback undoes it",
                    "/transfers", "{\"from\":1,\"to\":999,\"amount\":100,\"memo\":\"lost?\"}");
            out.println("     balances: " + api.balances(1, 2) + " (unchanged)");

            api.post("5. no memo: a NullPointerException deep in AuditTrail, after debit and credit",
                    "/transfers", "{\"from\":1,\"to\":2,\"amount\":100}");
            out.println("     balances: " + api.balances(1, 2) + " (unchanged: rolled back; the server logged it once)");

            out.println("6. two conflicting transfers at once: 80 and 80 out of account 3, which holds 100");
            String t1 = "{\"from\":3,\"to\":4,\"amount\":80,\"memo\":\"first\"}";
            String t2 = "{\"from\":3,\"to\":5,\"amount\":80,\"memo\":\"second\"}";
            CompletableFuture<HttpResponse<String>> f1 = http.sendAsync(api.post("/transfers", t1), HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> f2 = http.sendAsync(api.post("/transfers", t2), HttpResponse.BodyHandlers.ofString());
            List<Integer> both = new ArrayList<>(List.of(f1.get().statusCode(), f2.get().statusCode()));
            both.sort(null);
            statuses.addAll(both);
            out.println("     -> " + both.get(0) + " and " + both.get(1) + ": one went through, the other hit"
                    + " CHECK (balance >= 0) and was rolled back; balances: " + api.balances(3, 4, 5));

            api.get("7. fan-out: each account read by its own goroutine of a Group", "/report?ids=1,2,3");

            api.get("8. fan-out with an unknown id: the member's panic comes back through Group.await()",
                    "/report?ids=1,42,3");

            String batch = "[{\"from\":6,\"to\":7,\"amount\":10,\"memo\":\"a\"},{\"from\":7,\"to\":8,\"amount\":10,\"memo\":\"b\"},"
                    + "{\"from\":8,\"to\":9,\"amount\":10,\"memo\":\"c\"}]";
            s.pool().resetPeak();
            api.post("9. a batch of 3, each transfer a frame of its own", "/transfers/batch", batch);
            out.println("     peak pool connections in use: " + s.pool().peakInUse());
            s.pool().resetPeak();
            api.post("10. the same batch with defer in the loop (the Sample 10 mistake)", "/transfers/batch?variant=loop", batch);
            out.println("     peak pool connections in use: " + s.pool().peakInUse()
                    + " (each iteration's connection and locks are held until the whole batch ends)");

            api.get("11. still serving after " + s.log().serverErrors() + " + " + s.log().clientErrors()
                    + " recovered panics (5xx + 4xx)", "/health");

            out.println();
            out.println("checks (from the pool, the lock table and the database):");
            Invariants inv = Invariants.check(s);
            inv.lines().forEach(out::println);
            out.println();
            out.println(inv.ok() && agent ? "demo finished: every check passed; server stopped."
                    : "demo FAILED: " + inv.failures());
            return new Result(statuses, inv, s.log().serverErrors(), agent);
        }
    }

    /** The scripted client: prints each request and what came back. */
    private record Session(HttpClient http, URI base, PrintStream out, List<Integer> statuses) {
        String get(String title, String path) throws IOException, InterruptedException {
            return show(title, "GET " + path, HttpRequest.newBuilder(base.resolve(path)).GET().build());
        }

        String post(String title, String path, String json) throws IOException, InterruptedException {
            return show(title, "POST " + path + " " + json, post(path, json));
        }

        HttpRequest post(String path, String json) {
            return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        }

        private String show(String title, String what, HttpRequest req) throws IOException, InterruptedException {
            out.println(title);
            out.println("   " + what);
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            statuses.add(r.statusCode());
            String body = r.body();
            out.println("     -> " + r.statusCode() + " " + (body.length() > 160 ? body.substring(0, 157) + "..." : body));
            return body;
        }

        String balances(long... ids) throws IOException, InterruptedException {
            StringBuilder sb = new StringBuilder();
            for (long id : ids) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/accounts/" + id)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Map<?, ?> m = (Map<?, ?>) Json.parse(r.body());
                sb.append(sb.isEmpty() ? "" : ", ").append("#").append(id).append("=").append(m.get("balance"));
            }
            return sb.toString();
        }
    }
}
