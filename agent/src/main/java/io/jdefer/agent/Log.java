package io.jdefer.agent;

import io.jdefer.agent.vet.Vet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's stderr log, one line per event prefixed {@code [jdefer]} (no logging framework in an
 * agent): warnings, failures and vet findings always; with {@code verbose=true} also each rewritten
 * class, each frame method's open-coding decision and a summary at exit.
 */
final class Log implements RewriteListener {
    private final boolean verbose;
    /** vet=warn: findings already printed, so a site seen again (another loader) is reported once. */
    private final Set<String> vetted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rewritten = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger openCoded = new AtomicInteger();
    private final AtomicInteger keptRecords = new AtomicInteger();
    private final AtomicInteger quietExits = new AtomicInteger();
    private final AtomicInteger inlinedExits = new AtomicInteger();

    Log(boolean verbose) {
        this.verbose = verbose;
    }

    boolean verbose() {
        return verbose;
    }

    static void warn(String line) {
        System.err.println("[jdefer] WARNING: " + line);
    }

    static void info(String line) {
        System.err.println("[jdefer] " + line);
    }

    @Override
    public void onRewritten(String className) {
        if (verbose) {
            rewritten.incrementAndGet();
            info("rewrote " + className);
        }
    }

    @Override
    public void onOpenCoded(String className, String method, int sites, String exit) {
        if (verbose) {
            openCoded.incrementAndGet();
            info("open-coded " + className + "." + method + " (" + sites + " defer site(s)"
                    + (exit.isEmpty() ? "" : "; " + exit) + ")");
        }
    }

    @Override
    public void onKeptRecords(String className, String method, String reason) {
        onKeptRecords(className, method, reason, false);
    }

    @Override
    public void onKeptRecords(String className, String method, String reason, boolean quietExit) {
        onKeptRecords(className, method, reason, quietExit, 0, 0);
    }

    @Override
    public void onKeptRecords(String className, String method, String reason, boolean quietExit, int inlinedSites,
            int sites) {
        if (verbose) {
            keptRecords.incrementAndGet();
            if (quietExit) {
                quietExits.incrementAndGet();
            }
            if (inlinedSites > 0) {
                inlinedExits.incrementAndGet();
            }
            info(className + "." + method + " keeps records: " + reason
                    + (quietExit ? "; its normal exit leaves the result slot alone (no action uses it)" : "")
                    + (inlinedSites > 0 ? " and calls the actions of " + inlinedSites + " of its " + sites
                            + " call site(s) itself" : ""));
        }
    }

    @Override
    public void onWarning(String className, String message) {
        warn(message);
    }

    @Override
    public void onError(String className, Throwable error) {
        if (verbose) {
            failed.incrementAndGet();
        }
        String m = error.getMessage();
        warn("class " + className + " left untouched: " + error.getClass().getSimpleName()
                + (m == null ? "" : ": " + m)
                + "; its @Defer/@Recover methods and Go.defer calls will fail when they run");
    }

    @Override
    public void onVetFinding(String className, Vet.Finding finding) {
        String line = finding.toString();
        if (vetted.add(line)) {
            warn("vet: " + line);
        }
    }

    /** With {@code verbose=true}: one summary line when the JVM exits. */
    void summaryAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> info("summary: " + rewritten.get()
                + " rewritten, " + failed.get() + " failed to transform; frame methods: " + openCoded.get()
                + " open-coded, " + keptRecords.get() + " kept records (" + quietExits.get() + " of them with a quiet exit, "
                + inlinedExits.get() + " inlined)"),
                "jdefer-agent-summary"));
    }
}
