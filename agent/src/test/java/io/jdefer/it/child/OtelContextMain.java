package io.jdefer.it.child;

import io.jdefer.Go;
import io.jdefer.Group;
import io.jdefer.annotation.Defer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Run under the OpenTelemetry java agent and jdefer's by OtelContextIT: a span made current in
 * the caller, then members and goroutines each start a span of their own. Prints, per way of starting them, the
 * span current in the member and the new span's trace, so the test can compare them with the
 * caller's; the exporter prints every span with its parent.
 */
public final class OtelContextMain {
    private OtelContextMain() {
    }

    private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("jdefer-it");

    @Defer
    static void member(String how) {
        Span current = Span.current();
        Span span = TRACER.spanBuilder("member " + how).startSpan();
        Go.defer(Span::end, span);
        System.out.println(how + " current=" + current.getSpanContext().getSpanId()
                + " trace=" + span.getSpanContext().getTraceId());
    }

    public static void main(String[] args) throws Exception {
        ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
        Span request = TRACER.spanBuilder("request").startSpan();
        try (Scope scope = request.makeCurrent()) {
            System.out.println("caller current=" + request.getSpanContext().getSpanId()
                    + " trace=" + request.getSpanContext().getTraceId());
            Group wrapped = new Group(Context.taskWrapping(virtual));
            wrapped.go(() -> member("group-taskWrapping"));
            wrapped.go(() -> wrapped.go(() -> member("group-nested")));
            wrapped.await();

            Group onExecutor = new Group(virtual);
            onExecutor.go(() -> member("group-virtualExecutor"));
            onExecutor.await();

            Group plain = new Group();
            plain.go(() -> member("group-default"));
            plain.await();

            CountDownLatch done = new CountDownLatch(1);
            Go.go(Context.taskWrapping(virtual), () -> {
                Go.defer(done::countDown);
                member("go-taskWrapping");
            });
            done.await();
        } finally {
            request.end();
        }
        virtual.shutdown();
    }
}
