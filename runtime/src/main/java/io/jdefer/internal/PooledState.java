package io.jdefer.internal;

/**
 * The {@code pooled} tier (Go 1.13's stack-allocated defers and per-P defer pool): one array per
 * goroutine holds (action, argument) pairs; a frame is just an index. No allocation per
 * {@code defer}; the array is created on the first {@code defer}, small, and shrunk back after a
 * frame that deferred thousands of actions.
 */
final class PooledState extends GoroutineState {
    /**
     * Records held before the first growth: 2 pending defers fit (most frames defer one or two
     * actions), in an array of 32 bytes; a deeper goroutine grows it once or twice.
     */
    static final int INITIAL_RECORDS = 2;
    /** Above this many records of storage, an exit that leaves the stack at a quarter shrinks it. */
    static final int TRIM_RECORDS = 256;
    private static final Object[] EMPTY = {};

    /**
     * fn at 2*i, arg at 2*i+1. Invariant: every arg slot at or above top is null; a fn slot there
     * is null or a constant action an inlined exit ran ({@link #popKeepingFn}), which holds nothing.
     */
    private Object[] records = EMPTY;

    PooledState(long goid) {
        super(goid);
    }

    @Override
    void push(Object fn, Object arg) {
        int i = top << 1;
        Object[] r = records;
        if (i == r.length) {
            r = grow();
        }
        // The same constant as the last record here (a site called again): no store, so no GC
        // post-write barrier, whose slow path into this old array takes a StoreLoad fence.
        if (r[i] != fn) {
            r[i] = fn;
        }
        r[i + 1] = arg;
        top++;
    }

    private Object[] grow() {
        int n = records.length == 0 ? INITIAL_RECORDS * 2 : records.length * 2;
        Object[] r = new Object[n];
        System.arraycopy(records, 0, r, 0, records.length);
        records = r;
        if (n > TRIM_RECORDS * 2) {
            unusual = true;
        }
        return r;
    }

    @Override
    Object topFn() {
        return records[(top - 1) << 1];
    }

    @Override
    Object topArg() {
        return records[((top - 1) << 1) + 1];
    }

    @Override
    void popRecord() {
        int i = (--top) << 1;
        Object[] r = records;
        r[i] = null;
        r[i + 1] = null;
    }

    @Override
    void popKeepingFn() {
        records[((--top) << 1) + 1] = null;
    }

    @Override
    void trim() {
        Object[] r = records;
        if (r.length > TRIM_RECORDS * 2 && (top << 3) <= r.length) {
            int n = Math.max(INITIAL_RECORDS * 2, Integer.highestOneBit(Math.max(1, top) << 1) << 1);
            Object[] s = new Object[n];
            System.arraycopy(r, 0, s, 0, top << 1);
            records = s;
        }
    }

    @Override
    boolean oversized() {
        return records.length > TRIM_RECORDS * 2;
    }

    @Override
    int capacity() {
        return records.length >> 1;
    }
}
