package io.jdefer.internal;

/**
 * The {@code allocated} tier (Go ≤ 1.12's heap {@code _defer}): a new {@link DeferRecord} per
 * {@code defer}, linked newest first. Kept for comparison in benchmarks and as the simplest
 * possible reference implementation.
 */
final class AllocatedState extends GoroutineState {
    private DeferRecord head;

    AllocatedState(long goid) {
        super(goid);
    }

    @Override
    void push(Object fn, Object arg) {
        head = new DeferRecord(fn, arg, head);
        top++;
    }

    @Override
    Object topFn() {
        return head.fn;
    }

    @Override
    Object topArg() {
        return head.arg;
    }

    @Override
    void popRecord() {
        head = head.link;
        top--;
    }

    @Override
    void popKeepingFn() {
        popRecord();
    }

    @Override
    void trim() {
        // Popped records are garbage already.
    }

    @Override
    boolean oversized() {
        return false;
    }

    @Override
    int capacity() {
        return top;
    }
}
