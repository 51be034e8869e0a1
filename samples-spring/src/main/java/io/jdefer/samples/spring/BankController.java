package io.jdefer.samples.spring;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.recoverThrowable;
import static io.jdefer.Go.setResult;

import com.zaxxer.hikari.HikariDataSource;
import io.jdefer.annotation.Recover;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP edge. Every handler that can panic is a {@code @Recover} frame whose first deferred
 * action is {@link #replyToPanic}: it recovers with {@code recoverThrowable()} (the throwable
 * carries the stack of where the panic started, for the log), and always stores an error reply
 * with {@code setResult}. Without that, a recovered handler returns its zero value, {@code null},
 * which Spring MVC sends as an empty 200. {@code @Recover} stays as the backstop for a panic
 * that {@code replyToPanic} itself does not stop.
 */
@RestController
public class BankController {
    private static final Logger log = LoggerFactory.getLogger(BankController.class);

    private final TransferService transfers;
    private final TrapService traps;
    private final BalanceReport report;
    private final Jobs jobs;
    private final Accounts accounts;
    private final DeferLedger ledger;
    private final PanicPolicy panicPolicy;
    private final HikariDataSource dataSource;

    public BankController(TransferService transfers, TrapService traps, BalanceReport report, Jobs jobs,
            Accounts accounts, DeferLedger ledger, PanicPolicy panicPolicy, HikariDataSource dataSource) {
        this.transfers = transfers;
        this.traps = traps;
        this.report = report;
        this.jobs = jobs;
        this.accounts = accounts;
        this.ledger = ledger;
        this.panicPolicy = panicPolicy;
        this.dataSource = dataSource;
    }

    /** A deferred action, so its {@code recoverThrowable()} is called directly by one and stops the panic. */
    private void replyToPanic() {
        Throwable t = recoverThrowable();
        if (t != null) {
            setResult(ErrorReply.of(t, log));
        }
    }

    @PostMapping("/transfers")
    @Recover
    public ResponseEntity<Object> transfer(@RequestParam("from") long from, @RequestParam("to") long to,
            @RequestParam("amount") long amount, @RequestParam(name = "memo", required = false) String memo) {
        defer(this::replyToPanic);
        return ResponseEntity.ok(transfers.transfer(from, to, amount, memo));
    }

    @GetMapping("/accounts/{id}")
    @Recover
    public ResponseEntity<Object> account(@PathVariable("id") long id) {
        defer(this::replyToPanic);
        return ResponseEntity.ok(Map.of("id", id, "balance", accounts.balance(id)));
    }

    /** The fan-out: {@code /balances?ids=1,2,3}. */
    @GetMapping("/balances")
    @Recover
    public ResponseEntity<Object> balances(@RequestParam("ids") String ids) throws InterruptedException {
        defer(this::replyToPanic);
        List<Long> parsed = Arrays.stream(ids.split(",")).map(String::trim).map(Long::parseLong).toList();
        return ResponseEntity.ok(report.balances(parsed));   // a NumberFormatException above: a 400
    }

    /**
     * The transaction traps: {@code kind} is {@code checked} or {@code recovered}; {@code fixed=false}
     * runs the version with the bug (only on the trap accounts, whose sum may change).
     */
    @PostMapping("/traps/{kind}")
    @Recover
    public ResponseEntity<Object> trap(@PathVariable("kind") String kind, @RequestParam("fixed") boolean fixed,
            @RequestParam("from") long from, @RequestParam("to") long to, @RequestParam("amount") long amount) {
        defer(this::replyToPanic);
        if (!fixed && (from != Accounts.TRAP_FROM || to != Accounts.TRAP_TO)) {
            throw new IllegalArgumentException("fixed=false loses money: only from=" + Accounts.TRAP_FROM
                    + "&to=" + Accounts.TRAP_TO + " may run it");
        }
        switch (kind) {
            case "checked" -> {
                if (fixed) {
                    traps.checkedPanicRolledBack(from, to, amount);
                } else {
                    traps.checkedPanic(from, to, amount);
                }
                throw new IllegalStateException("unreachable: the trap always panics");
            }
            case "recovered" -> {
                boolean done = fixed ? traps.recoveredPanicRolledBack(from, to, amount)
                        : traps.recoveredPanic(from, to, amount);
                if (done) {
                    return ResponseEntity.ok(Map.of("transferred", true));
                }
                // recovered below: the panic is gone, but the reply still says what happened
                return ResponseEntity.status(409).body(Map.of("status", 409, "error", "Conflict", "transferred", false,
                        "message", fixed ? "the transfer panicked and was rolled back"
                                : "the transfer panicked; the recovered method returned normally and its debit was committed"));
            }
            default -> throw new IllegalArgumentException("no trap '" + kind + "': use checked or recovered");
        }
    }

    @PostMapping("/jobs/audit")
    public ResponseEntity<Object> audit(@RequestParam(name = "fail", defaultValue = "false") boolean fail) {
        jobs.startAudit(fail);
        return ResponseEntity.accepted().body(Map.of("started", true));
    }

    /** What the load test checks after the load. */
    @GetMapping("/stats")
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", accounts.total(Accounts.FIRST, Accounts.LAST));
        m.put("trapTotal", accounts.total(Accounts.TRAP_FROM, Accounts.TRAP_TO));
        m.put("transfers", accounts.transferCount());
        m.put("deferred", ledger.snapshot());
        m.put("transfersInFlight", transfers.inFlight());
        m.put("deferredOutsideTransaction", transfers.deferredOutsideTransaction());
        m.put("fanOutMembersRunning", report.membersRunning());
        m.put("jobsFinished", jobs.finished());
        m.put("goroutinePanics", panicPolicy.goroutinePanics());
        m.put("activeConnections", dataSource.getHikariPoolMXBean().getActiveConnections());
        return m;
    }
}
