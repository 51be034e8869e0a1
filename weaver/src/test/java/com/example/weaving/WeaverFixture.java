package com.example.weaving;

import io.jdefer.Go;
import io.jdefer.annotation.Defer;

/** A frame for io.jdefer.weaver.WeaverPluginTest to weave (outside io.jdefer.weaver, which the rewrite never touches); never run. */
final class WeaverFixture {
    private WeaverFixture() {
    }

    @Defer
    static int fortyTwo() {
        Go.defer(() -> Go.setResult(42));
        return 0;
    }
}
