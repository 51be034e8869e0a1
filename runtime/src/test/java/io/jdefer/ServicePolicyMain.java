package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;

import java.util.concurrent.CountDownLatch;

/**
 * A service's choice for panics that escape a {@code Go.go} goroutine, run by
 * {@link GoroutinePanicPolicyTest} in a child JVM: Go's crash (the default), log and keep
 * serving, or log and shut down gracefully (shutdown hooks run, unlike the default's halt).
 */
final class ServicePolicyMain {
    private ServicePolicyMain() {
    }

    private static final System.Logger LOG = System.getLogger("service");

    private static void failingJob() {
        throw panic("job failed");
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        CountDownLatch handled = new CountDownLatch(1);
        switch (args[0]) {
            case "default" -> {
            }
            case "logAndServe" -> Go.setUncaughtPanicHandler((thread, panic) -> {
                LOG.log(System.Logger.Level.ERROR, "goroutine panicked; still serving", panic);
                System.out.println("handler: " + panic.getMessage());
                handled.countDown();
            });
            case "logAndExit" -> Go.setUncaughtPanicHandler((thread, panic) -> {
                LOG.log(System.Logger.Level.ERROR, "goroutine panicked; shutting down", panic);
                System.exit(2);
            });
            default -> throw new IllegalArgumentException("policy: default, logAndServe or logAndExit; got " + args[0]);
        }
        Go.go(() -> {
            defer(() -> System.out.println("goroutine deferred"));
            failingJob();
        });
        handled.await();
        CountDownLatch served = new CountDownLatch(1);
        Go.go(() -> {
            defer(served::countDown);
            System.out.println("next request served");
        });
        served.await();
        System.out.println("still serving");
    }
}
