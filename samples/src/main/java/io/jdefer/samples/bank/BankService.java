package io.jdefer.samples.bank;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The bank: an HTTP JSON service on the JDK's built-in {@code com.sun.net.httpserver}, one virtual
 * thread per request, accounts and transfers in an embedded H2 database.
 *
 * <pre>
 * GET  /health                       {"ok":true, "poolInUse":0, "locksHeld":0, ...}
 * GET  /accounts                     every account
 * GET  /accounts/{id}                one account, 404 if unknown
 * POST /transfers                    {"from":1,"to":2,"amount":50,"memo":"rent"}  201, or 400/404/409/500
 * POST /transfers/batch[?variant=loop]  [{...},{...}]  transfers in order, stops at the first failure
 * GET  /report?ids=1,2,3             fan-out: each account read on its own goroutine (Group)
 * </pre>
 *
 * <p>This class holds everything both implementations share: routing, JSON, SQL (in
 * {@link Database}), the mapping of a panic to an HTTP error. The cleanup structure is what
 * differs: {@link DeferBank} writes it with {@code @Recover}/{@code @Defer} and {@code Go.defer},
 * {@link FinallyBank} with try/catch/finally. The load test runs both and compares throughput.
 */
public abstract class BankService implements HttpHandler, AutoCloseable {
    /** A response: HTTP status and a JSON-able body. */
    protected record Reply(int status, Object body) {
    }

    private final String variant;
    protected final String dbUrl;
    protected final long initialTotal;
    protected final ConnectionPool pool;
    protected final AccountLocks locks;
    protected final PanicLog log;
    private HttpServer server;
    private ExecutorService executor;

    protected BankService(String variant, PanicLog log, int poolSize) {
        this.variant = variant;
        this.dbUrl = Database.newUrl("bank-" + variant);
        this.initialTotal = Database.create(dbUrl);
        this.pool = new ConnectionPool(dbUrl, poolSize, 2_000);
        this.locks = new AccountLocks(1_000);
        this.log = log;
    }

    /** {@code defer} (@Recover/@Defer frames) or {@code finally} (try/finally). */
    public static BankService create(String variant, PanicLog log, int poolSize) {
        return switch (variant) {
            case "defer" -> new DeferBank(log, poolSize);
            case "finally" -> new FinallyBank(log, poolSize);
            default -> throw new IllegalArgumentException("variant must be defer or finally: " + variant);
        };
    }

    /** Starts the HTTP server on the loopback interface ({@code port} 0: any free port). */
    public BankService start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this);
        server.start();
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String variant() {
        return variant;
    }

    public ConnectionPool pool() {
        return pool;
    }

    public AccountLocks locks() {
        return locks;
    }

    public PanicLog log() {
        return log;
    }

    public String dbUrl() {
        return dbUrl;
    }

    public long initialTotal() {
        return initialTotal;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.close();
        }
        pool.close();
    }

    // ------------------------------------------------------------------ what differs

    /** One account, on a pooled connection. */
    protected abstract Map<String, Object> loadAccount(long id);

    /** All accounts, on a pooled connection. */
    protected abstract List<Map<String, Object>> loadAccounts();

    /** One transfer: lock both accounts, borrow a connection, run one DB transaction. */
    protected abstract Map<String, Object> transfer(TransferRequest r);

    /** The fan-out: each account read by its own goroutine of a {@code Group}. */
    protected abstract Map<String, Object> report(List<Long> ids);

    /** The anti-pattern variant of a batch: cleanup deferred inside the loop. */
    protected abstract List<Map<String, Object>> batchDeferInLoop(List<TransferRequest> rs);

    // ------------------------------------------------------------------ shared

    /** A batch done right: each transfer is a frame (a call) of its own. */
    protected final List<Map<String, Object>> batch(List<TransferRequest> rs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TransferRequest r : rs) {
            out.add(transfer(r.validate()));
        }
        return out;
    }

    /** The result of a committed transfer. */
    protected static Map<String, Object> transferred(long id, TransferRequest r) {
        return Json.obj("id", id, "from", r.from(), "to", r.to(), "amount", r.amount());
    }

    protected final Reply route(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        String p = ex.getRequestURI().getPath();
        if (m.equals("GET") && p.equals("/health")) {
            return new Reply(200, Json.obj("ok", true, "variant", variant, "poolSize", pool.size(),
                    "poolInUse", pool.inUse(), "locksHeld", locks.held()));
        }
        if (m.equals("GET") && p.equals("/accounts")) {
            return new Reply(200, loadAccounts());
        }
        if (m.equals("GET") && p.startsWith("/accounts/")) {
            return new Reply(200, loadAccount(id(p.substring("/accounts/".length()))));
        }
        if (m.equals("POST") && p.equals("/transfers")) {
            return new Reply(201, transfer(TransferRequest.of(body(ex)).validate()));
        }
        if (m.equals("POST") && p.equals("/transfers/batch")) {
            List<TransferRequest> rs = TransferRequest.listOf(body(ex));
            boolean loop = "variant=loop".equals(ex.getRequestURI().getQuery());
            return new Reply(201, Json.obj("transfers", loop ? batchDeferInLoop(rs) : batch(rs),
                    "variant", loop ? "loop" : "frame-per-item"));
        }
        if (m.equals("GET") && p.equals("/report")) {
            String q = ex.getRequestURI().getQuery();
            if (q == null || !q.startsWith("ids=")) {
                throw Failure.badRequest("usage: /report?ids=1,2,3");
            }
            List<Long> ids = new ArrayList<>();
            for (String s : q.substring(4).split(",")) {
                ids.add(id(s));
            }
            if (ids.size() > 20) {
                throw Failure.badRequest("at most 20 ids");
            }
            return new Reply(200, report(ids));
        }
        throw Failure.notFound("no route " + m + " " + p);
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw Failure.badRequest("not an account id: '" + s + "'");
        }
    }

    private static Object body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(1 << 16);
            return Json.parse(new String(b, StandardCharsets.UTF_8));
        }
    }

    protected static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] b = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    /**
     * A panic reached the handler: map it to a status, log it once, send a JSON error. An expected
     * {@link Failure} keeps its status; a CHECK violation (a balance would go negative) is a 409;
     * anything else is a bug: 500, logged with its stack, no internals in the response.
     */
    protected final void replyToFailure(HttpExchange ex, Object panicValue) throws IOException {
        int status;
        String message;
        if (panicValue instanceof Failure f) {
            status = f.status();
            message = f.getMessage();
        } else if (panicValue instanceof DbException d && d.isCheckViolation()) {
            status = 409;
            message = "insufficient funds";
        } else {
            status = 500;
            message = "internal error (logged on the server)";
        }
        String request = ex.getRequestMethod() + " " + ex.getRequestURI();
        log.record(request, status, message, panicValue);
        send(ex, status, Json.obj("error", status, "message", message));
    }
}
