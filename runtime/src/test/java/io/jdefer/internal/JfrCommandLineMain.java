package io.jdefer.internal;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;

import io.jdefer.Go;
import io.jdefer.Goexit;

/** Child JVM of {@link JfrEventsTest}: a recovered panic and a Goexit, under -XX:StartFlightRecording. */
public final class JfrCommandLineMain {
    private JfrCommandLineMain() {
    }

    public static void main(String[] args) {
        Object v = Go.call(() -> {
            defer(() -> Go.setResult(recover()));
            throw panic("from the command line");
        });
        System.out.println("recovered " + v);
        try {
            Go.run(() -> Go.goexit());
        } catch (Goexit expected) {
            System.out.println("goexit");
        }
    }
}
