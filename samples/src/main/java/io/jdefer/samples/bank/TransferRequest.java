package io.jdefer.samples.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code {"from": 1, "to": 2, "amount": 50, "memo": "rent"}}; memo is optional. */
public record TransferRequest(long from, long to, long amount, String memo) {

    /** Validates the request; a bad one is a 400. */
    public TransferRequest validate() {
        if (amount <= 0) {
            throw Failure.badRequest("amount must be positive, got " + amount);
        }
        if (from == to) {
            throw Failure.badRequest("cannot transfer from account " + from + " to itself");
        }
        return this;
    }

    public Map<String, Object> toJson() {
        return memo == null ? Json.obj("from", from, "to", to, "amount", amount)
                : Json.obj("from", from, "to", to, "amount", amount, "memo", memo);
    }

    static TransferRequest of(Object json) {
        if (!(json instanceof Map<?, ?> m)) {
            throw Failure.badRequest("expected a JSON object {from, to, amount, memo}");
        }
        Object memo = m.get("memo");
        return new TransferRequest(number(m, "from"), number(m, "to"), number(m, "amount"), memo == null ? null : memo.toString());
    }

    static List<TransferRequest> listOf(Object json) {
        if (!(json instanceof List<?> l)) {
            throw Failure.badRequest("expected a JSON array of transfers");
        }
        List<TransferRequest> out = new ArrayList<>();
        for (Object o : l) {
            out.add(of(o));
        }
        return out;
    }

    private static long number(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Long n)) {
            throw Failure.badRequest("field '" + key + "' must be an integer");
        }
        return n;
    }
}
