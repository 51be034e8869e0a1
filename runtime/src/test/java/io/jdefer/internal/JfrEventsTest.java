package io.jdefer.internal;

import static io.jdefer.Go.defer;
import static io.jdefer.Go.panic;
import static io.jdefer.Go.recover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.Go;
import io.jdefer.Goexit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR events (docs/architecture.md, "Observability"), recorded and read back with
 * jdk.jfr.consumer.
 */
class JfrEventsTest {

    @Test
    void panicRecoverAndGoexit_areRecorded_whenEnabled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jdefer.jfr");
        try (Recording r = new Recording()) {
            for (String e : List.of("jdefer.PanicStarted", "jdefer.PanicRecovered", "jdefer.Goexit")) {
                r.enable(e);
            }
            r.start();
            Object v = Go.call(() -> {
                defer(() -> Go.setResult(recover()));
                throw panic("boom");
            });
            assertEquals("boom", v);
            try {
                Go.run(() -> {
                    defer(() -> { });
                    Go.goexit();
                });
            } catch (Goexit expected) {
                // outside a goroutine Goexit reaches the caller
            }
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Map<String, List<RecordedEvent>> byName = events.stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        RecordedEvent started = only(byName, "jdefer.PanicStarted");
        assertEquals("java.lang.String", started.getString("valueType"));
        assertEquals("boom", started.getString("message"));
        RecordedEvent recovered = only(byName, "jdefer.PanicRecovered");
        assertEquals("boom", recovered.getString("message"));
        assertTrue(recovered.getString("recoveredBy").contains("JfrEventsTest"),
                recovered.getString("recoveredBy"));
        only(byName, "jdefer.Goexit");
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void noEvents_whenNotEnabled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("off.jfr");
        try (Recording r = new Recording()) {
            r.start();
            Go.run(() -> {
                defer(Go::recover);
                defer(() -> recover());
                throw panic("quiet");
            });
            r.stop();
            r.dump(file);
        }
        assertTrue(RecordingFile.readAllEvents(file).stream()
                .noneMatch(e -> e.getEventType().getName().startsWith("jdefer.")));
    }

    @Test
    void recordingStartedOnTheCommandLine_containsTheEvents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cmdline.jfr");
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        // "-XX:StartFlightRecording:jdefer.PanicStarted#enabled=true" is refused at startup (the
        // event class is not loaded yet); a .jfc naming the events is what works: the one we ship.
        Path jfc = dir.resolve("jdefer.jfc");
        try (var in = io.jdefer.Go.class.getResourceAsStream("jdefer.jfc")) {
            java.nio.file.Files.copy(in, jfc);
        }
        cmd.add("-XX:StartFlightRecording:filename=" + file + ",settings=default,settings=" + jfc);
        cmd.add("-Djdefer.records=" + System.getProperty("jdefer.records", "pooled"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JfrCommandLineMain.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("recovered from the command line"), out);
        Map<String, List<RecordedEvent>> byName = RecordingFile.readAllEvents(file).stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        assertEquals("from the command line", only(byName, "jdefer.PanicStarted").getString("message"));
        assertEquals("from the command line", only(byName, "jdefer.PanicRecovered").getString("message"));
        only(byName, "jdefer.Goexit");
    }

    private static RecordedEvent only(Map<String, List<RecordedEvent>> byName, String name) {
        List<RecordedEvent> list = byName.getOrDefault(name, List.of());
        assertEquals(1, list.size(), name + " events: " + list);
        return list.get(0);
    }
}
