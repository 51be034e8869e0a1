package com.example.checked;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;
import io.jdefer.annotation.Recover;
import java.util.List;

/** jdefer used the way the checks want: compiles with no finding. */
public class Inventory {
    @Defer
    public void closeAll(List<AutoCloseable> items) {
        for (AutoCloseable c : items) {
            Go.run(() -> Go.defer(c::close));
        }
    }

    @Recover
    public String count() {
        Go.defer(() -> {
            if (Go.recoverThrowable() != null) {
                Go.setResult("unknown");
            }
        });
        return "42";
    }
}
