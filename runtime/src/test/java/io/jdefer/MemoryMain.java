package io.jdefer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Measures, in a JVM of its own ({@link MemoryTest}), the heap retained per virtual thread parked
 * inside a frame with 2 pending defers, against the same threads parked without a frame. Prints
 * {@code key=value} lines.
 */
final class MemoryMain {
    private MemoryMain() {
    }

    private static final Action NOOP = () -> { };
    private static final ActionWith<Object> NOOP_WITH = x -> { };
    private static final Object ARG = new Object();

    /** What a parked thread runs; {@code park} blocks until released. */
    interface Shape {
        void run(Runnable park) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean withDeep = args.length > 2 && args[2].equals("deep");
        Shape[] shapes = withDeep
                ? new Shape[] {MemoryMain::bare, MemoryMain::framed, MemoryMain::stateOnly, MemoryMain::deepBare}
                : new Shape[] {MemoryMain::bare, MemoryMain::framed, MemoryMain::stateOnly};
        String[] names = {"bare", "framed", "stateOnly", "deepBare"};
        // Warm up every shape so that the measured threads run compiled code (as an application
        // that parks many threads in the same place would) and one-time class data is allocated.
        // Go.run is called with several bodies first, as in an application with many Go.run
        // sites: the JIT then cannot inline a body into Frames.run, whatever shapes run here.
        for (int i = 0; i < 20_000; i++) {
            int k = i;
            Go.run(() -> { });
            Go.run(() -> Go.defer(NOOP));
            Go.run(() -> Go.defer(NOOP_WITH, k));
            Go.run(() -> Go.defer(NOOP_WITH, ARG));
        }
        for (int i = 0; i < 2; i++) {
            for (Shape s : shapes) {
                measure(n / 10, s);
            }
        }
        // Rounds alternate the shapes in one JVM; each figure is the median over the rounds of
        // the difference to the bare shape measured in the same round.
        double[][] perRound = new double[shapes.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < shapes.length; k++) {
                perRound[k][r] = measure(n, shapes[k]);
            }
        }
        System.out.printf("layout=%s%n", layout());
        System.out.printf("threads=%d%n", n);
        System.out.printf("bare=%.1f%n", median(perRound[0]));
        for (int k = 1; k < shapes.length; k++) {
            double[] d = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                d[r] = perRound[k][r] - perRound[0][r];
            }
            System.out.printf("%s=%.1f%n", names[k], median(perRound[k]));
            System.out.printf("%sExtra=%.1f%n", names[k], median(d));
            System.out.printf("%sExtraRounds=%s%n", names[k], java.util.Arrays.toString(java.util.Arrays.stream(d).mapToLong(Math::round).toArray()));
        }
    }

    /**
     * The layout flags this JVM runs with, read through the platform MBean server (only
     * java.management needed); a flag the JDK does not have reads as its default.
     */
    private static String layout() throws Exception {
        javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName vm = new javax.management.ObjectName("com.sun.management:type=HotSpotDiagnostic");
        return "compressedOops=" + option(server, vm, "UseCompressedOops", "true")
                + " alignment=" + option(server, vm, "ObjectAlignmentInBytes", "8")
                + " compactHeaders=" + option(server, vm, "UseCompactObjectHeaders", "false");
    }

    private static String option(javax.management.MBeanServer server, javax.management.ObjectName vm, String name,
            String absent) throws Exception {
        try {
            Object o = server.invoke(vm, "getVMOption", new Object[] {name}, new String[] {String.class.getName()});
            return String.valueOf(((javax.management.openmbean.CompositeData) o).get("value"));
        } catch (javax.management.MBeanException | javax.management.RuntimeOperationsException e) {
            return absent;                              // IllegalArgumentException: no such flag
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Parked with no frame: the thread itself. */
    static void bare(Runnable park) {
        park.run();
    }

    /** Parked inside a Go.run frame with 2 pending defers (one with an argument). */
    static void framed(Runnable park) {
        Go.run(() -> {
            Go.defer(NOOP);
            Go.defer(NOOP_WITH, ARG);
            park.run();
        });
    }

    /** The goroutine state alone: a frame with 2 defers ran and exited, then parked bare. */
    static void stateOnly(Runnable park) {
        Go.run(() -> {
            Go.defer(NOOP);
            Go.defer(NOOP_WITH, ARG);
        });
        park.run();
    }

    /** Parked 3 plain calls deeper, like framed but without jdefer: the stack frames' share. */
    static void deepBare(Runnable park) {
        deep1(park);
    }

    private static void deep1(Runnable park) {
        deep2(park);
    }

    private static void deep2(Runnable park) {
        deep3(park);
    }

    private static void deep3(Runnable park) {
        park.run();
    }

    /** Bytes per parked thread of this shape, heap after GC with the threads parked minus before. */
    static double measure(int n, Shape shape) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Runnable park = () -> {
            ready.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().unstarted(() -> {
                try {
                    shape.run(park);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long withUnstarted = usedAfterGc();
        for (Thread t : threads) {
            t.start();
        }
        ready.await();
        long parked = usedAfterGc();
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return (double) (parked - withUnstarted) / n;
    }

    /**
     * Heap in use after a full collection. With the serial collector a full GC leaves every live
     * object in the old generation, so its pool is read: eden's figure would count whole TLABs
     * handed out after the GC and vary by megabytes.
     */
    static long usedAfterGc() throws InterruptedException {
        // Objects of threads that just ended can survive a collection or two (their carrier may
        // not have finished with them, more so on a loaded machine): collect until three readings
        // in a row agree.
        long[] last = {-1, -1};
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(30);
            long used = OLD_GEN != null ? OLD_GEN.getUsage().getUsed()
                    : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (last[0] >= 0 && Math.abs(used - last[0]) < 32 * 1024 && Math.abs(used - last[1]) < 32 * 1024) {
                return used;
            }
            last[1] = last[0];
            last[0] = used;
        }
        return last[0];
    }

    private static final java.lang.management.MemoryPoolMXBean OLD_GEN = ManagementFactory.getMemoryPoolMXBeans()
            .stream().filter(p -> p.getName().contains("Tenured") || p.getName().contains("Old Gen"))
            .findFirst().orElse(null);
}
