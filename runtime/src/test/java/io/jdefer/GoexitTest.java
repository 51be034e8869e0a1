package io.jdefer;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.goexit;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.internal.GoroutineState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rule 15 (go-reference G44–G48): {@code Go.goexit()}. */
class GoexitTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final RecordingPanicHandler handler = new RecordingPanicHandler();

    @AfterEach
    void restoreHandler() {
        handler.close();
    }

    private static void goAndJoin(Action body) throws InterruptedException {
        Go.go(body).join();
    }

    @Test
    void goexit_whenInNestedFrames_runsEveryFramesDefersInnermostFirst() throws Exception {
        goAndJoin(() -> {
            defer(() -> log.add("goroutine body"));
            Go.run(() -> {
                defer(() -> log.add("a1"));
                defer(() -> log.add("a2"));
                Go.run(() -> {
                    defer(() -> log.add("b"));
                    goexit();
                    log.add("not reached");
                });
                log.add("not reached");
            });
            log.add("not reached");
        });
        assertEquals(List.of("b", "a2", "a1", "goroutine body"), log);
        assertEquals(List.of(), handler.escaped(), "Goexit ends a goroutine quietly");
    }

    @Test
    void recover_whenGoexitUnwinds_returnsNullAndCannotStopIt() {
        // Goexit doc: "Because Goexit is not a panic, any recover calls in those deferred
        // functions will return nil."
        Goexit g = assertThrows(Goexit.class, () -> Go.run(() -> {
            defer(() -> log.add("recover " + recover()));
            defer(Go::recover);
            defer(() -> defer(Go::recover));
            goexit();
        }));
        assertEquals(List.of("recover null"), log);
        assertEquals(0, g.getSuppressed().length);
    }

    @Test
    void goexit_whenOutsideGoroutine_propagatesGoexitAfterRunningFrames() {
        assertThrows(Goexit.class, () -> Go.run(() -> {
            defer(() -> log.add("outer"));
            Go.run(() -> {
                defer(() -> log.add("inner"));
                goexit();
            });
        }));
        assertEquals(List.of("inner", "outer"), log);
        assertEquals(0, GoroutineState.pendingDefers());
    }

    @Test
    void goexit_whenBodyCatchesException_isNotCaught() throws Exception {
        goAndJoin(() -> {
            try {
                goexit();
            } catch (Exception e) {
                log.add("caught " + e);
            }
            log.add("not reached");
        });
        assertEquals(List.of(), log);
    }

    @Test
    void panicDuringGoexit_whenRecovered_goroutineStillExits() throws Exception {
        // go-reference G46, testprog RecoverBeforePanicAfterGoexit: "For Goexit, we explicitly
        // resume execution in the Goexit loop, instead of resuming execution in the caller
        // (which would make the Goexit disappear!)"
        goAndJoin(() -> {
            defer(() -> log.add("goroutine deferred"));
            Go.run(() -> {
                defer(() -> log.add("recovered " + recover()));
                defer(() -> {
                    throw panic("during goexit");
                });
                goexit();
            });
            log.add("resumed after recover: must not happen");
        });
        assertEquals(List.of("recovered during goexit", "goroutine deferred"), log);
        assertEquals(List.of(), handler.escaped());
    }

    @Test
    void panicDuringGoexit_whenRecoveredOutsideGoroutine_goexitStillPropagates() {
        assertThrows(Goexit.class, () -> Go.run(() -> {
            defer(() -> log.add("recovered " + recover()));
            defer(() -> {
                throw panic("during goexit");
            });
            goexit();
        }));
        assertEquals(List.of("recovered during goexit"), log);
    }

    @Test
    void panicDuringGoexit_whenRecoveredInOuterFrame_goexitResumes() {
        assertThrows(Goexit.class, () -> Go.run(() -> {
            defer(() -> log.add("outer 1"));
            defer(() -> log.add("recovered " + recover()));
            Go.run(() -> {
                defer(() -> {
                    throw panic("during goexit");
                });
                goexit();
            });
            log.add("not reached");
        }));
        assertEquals(List.of("recovered during goexit", "outer 1"), log);
    }

    @Test
    void panicDuringGoexit_whenNotRecovered_reachesHandlerWithoutGoexit() throws Exception {
        // go-reference G47 (TestPanicAfterGoexit: "an uncaught panic should still work after goexit").
        Thread t = Go.go(() -> {
            defer(() -> {
                throw panic("hello");
            });
            goexit();
        });
        t.join();
        assertEquals(1, handler.escaped().size());
        assertEquals("hello", assertInstanceOf(Panic.class, handler.escaped().get(0).throwable()).value());
    }

    @Test
    void goexitDuringPanic_abandonsThePanic() throws Exception {
        // go-reference G48: the Goexit cancels the panic that was in flight.
        goAndJoin(() -> {
            defer(() -> log.add("recover " + recover()));
            defer(Go::goexit);
            throw panic("abandoned");
        });
        assertEquals(List.of("recover null"), log);
        assertEquals(List.of(), handler.escaped());
    }

    @Test
    void goexit_whenCalledByDeferredActionAtNormalExit_runsTheRestAndEnds() throws Exception {
        goAndJoin(() -> {
            Go.run(() -> {
                defer(() -> log.add("earlier"));
                defer(() -> goexit());
                defer(() -> log.add("later"));
            });
            log.add("not reached");
        });
        assertEquals(List.of("later", "earlier"), log);
        assertEquals(List.of(), handler.escaped());
    }

    @Test
    void goexit_whenDeferredActionsDeferMore_allRun() throws Exception {
        goAndJoin(() -> {
            defer(() -> log.add("1"));
            defer(() -> {
                defer(() -> log.add("2b"));
                log.add("2a");
            });
            goexit();
        });
        assertEquals(List.of("2a", "2b", "1"), log);
    }
}
