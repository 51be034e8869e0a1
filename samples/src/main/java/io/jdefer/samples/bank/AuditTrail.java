package io.jdefer.samples.bank;

import java.util.Locale;

/**
 * Deep in the transfer code: the memo stored with each transfer. It has a real bug, kept on
 * purpose for the demo: a transfer request without a {@code memo} makes {@link #memo} throw a
 * {@link NullPointerException} after the money already moved inside the transaction. The
 * handler's recover turns it into a 500, logs it once with its stack, and the deferred rollback
 * puts the money back.
 */
final class AuditTrail {
    private AuditTrail() {
    }

    static String memo(TransferRequest r) {
        return normalize(r.memo()) + " [" + r.from() + "->" + r.to() + "]";
    }

    private static String normalize(String memo) {
        String m = memo.strip();                 // BUG: memo is optional in the API
        return m.length() > 120 ? m.substring(0, 120) : m.toLowerCase(Locale.ROOT);
    }
}
