package com.example.checked;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;

/** recover in a helper: always null, which RecoverNotInDeferredAction (an error) reports. */
public class Inventory {
    @Defer
    public void reload() {
        Go.defer(() -> log());
    }

    private void log() {
        System.out.println("recovered " + Go.recover());
    }
}
