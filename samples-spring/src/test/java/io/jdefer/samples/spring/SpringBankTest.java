package io.jdefer.samples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real service on 127.0.0.1 (a free port) in this JVM, rewritten the way the build's
 * execution says ({@code bank.rewrite}: the agent in one record tier, or the woven classes with
 * no agent), shows the two transaction traps on the trap accounts, and drives the load.
 */
class SpringBankTest {
    private static final String REWRITE = System.getProperty("bank.rewrite", "unknown");
    private static ConfigurableApplicationContext context;
    private static URI base;
    private static LoadDriver driver;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        context = SpringBankTestSupport.start();
        base = SpringBank.baseUri(context);
        driver = new LoadDriver(base);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void runsRewrittenAsThisExecutionSays() {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean agent = jvmArgs.stream().anyMatch(a -> a.startsWith("-javaagent:") && a.contains("jdefer-agent"));
        assertTrue(REWRITE.startsWith("agent-") || REWRITE.startsWith("woven-"),
                "bank.rewrite is " + REWRITE + ": run the tests through mvn verify, whose executions set it");
        // the service started, so Go.requireAgent() passed: without the agent that means woven classes
        assertEquals(REWRITE.startsWith("agent-"), agent, REWRITE + " but the JVM arguments are " + jvmArgs);
    }

    @Test
    void checkedPanicThroughTheProxyIsCommittedAndWrapped() throws Exception {
        long before = trapTotal();
        HttpResponse<String> r = post("/traps/checked?fixed=false&from=101&to=102&amount=7");
        assertEquals(500, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"panic\":\"java.io.IOException\""), r.body());
        assertTrue(r.body().contains("\"wrappedIn\":\"java.lang.reflect.UndeclaredThrowableException\""), r.body());
        // Spring's default rule commits on a checked exception: the debit stayed, the credit never ran
        assertEquals(before - 7, trapTotal(), "the debit of the checked-panic trap was committed");

        before = trapTotal();
        r = post("/traps/checked?fixed=true&from=101&to=102&amount=7");
        assertEquals(500, r.statusCode(), r.body());
        assertEquals(before, trapTotal(), "rollbackFor = Throwable.class rolls the debit back");
    }

    @Test
    void recoveredPanicInsideTheTransactionIsCommitted() throws Exception {
        long before = trapTotal();
        HttpResponse<String> r = post("/traps/recovered?fixed=false&from=101&to=102&amount=5");
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"transferred\":false"), r.body());
        assertEquals(before - 5, trapTotal(), "the @Recover method returned normally, so the proxy committed the debit");

        before = trapTotal();
        r = post("/traps/recovered?fixed=true&from=101&to=102&amount=5");
        assertEquals(409, r.statusCode(), r.body());
        assertEquals(before, trapTotal(), "setRollbackOnly() in the recovering deferred action rolls back");
    }

    @Test
    void brokenTrapsRunOnlyOnTheTrapAccounts() throws Exception {
        HttpResponse<String> r = post("/traps/recovered?fixed=false&from=1&to=2&amount=5");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("only from=101"), r.body());
    }

    @Test
    void loadKeepsEveryInvariant() throws Exception {
        int requests = Integer.getInteger("bank.load.requests", 2000);
        int concurrency = Integer.getInteger("bank.load.concurrency", 16);
        long seed = Long.getLong("bank.load.seed", LoadDriver.DEFAULT_SEED);
        Map<String, Long> before = driver.stats();
        System.out.printf("[%s] load: %d requests, %d at a time, seed %d (-Dbank.load.seed=N for another)%n",
                REWRITE, requests, concurrency, seed);
        LoadDriver.Result result = driver.run(requests, concurrency, seed);
        // to the console too: surefire keeps the rest of the test output in a file
        System.err.printf("[%s] load: %s%n", REWRITE, result);
        List<String> broken = driver.checkInvariants(before, result, 30_000);
        Map<String, Long> after = driver.stats();
        System.err.printf("[%s] after: %s%n", REWRITE, after);
        assertTrue(result.ok(), () -> result.problems().size() + " bad answers, first: "
                + result.problems().subList(0, Math.min(5, result.problems().size())));
        assertTrue(broken.isEmpty(), () -> "invariants broken: " + broken);
        assertTrue(after.get("deferred.registered") - before.get("deferred.registered") >= requests / 2,
                "the load registered deferred actions: " + before + " -> " + after);
        for (LoadDriver.Kind k : LoadDriver.Kind.values()) {
            assertTrue(result.byKind().getOrDefault(k.name(), 0) > 0, "the mix sent no " + k + ": " + result.byKind());
        }
    }

    private static long trapTotal() throws Exception {
        return driver.stats().get("trapTotal");
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
