package io.jdefer.internal;

/**
 * A heap-allocated defer record, the {@code allocated} tier (Go ≤ 1.12's heap {@code _defer}):
 * one object per {@code Go.defer}, linked newest first.
 */
final class DeferRecord {
    final Object fn;
    final Object arg;
    final DeferRecord link;

    DeferRecord(Object fn, Object arg, DeferRecord link) {
        this.fn = fn;
        this.arg = arg;
        this.link = link;
    }
}
