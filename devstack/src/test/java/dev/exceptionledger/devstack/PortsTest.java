package dev.exceptionledger.devstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsTest {

    @Test
    void aPortIsOpenWhileSomethingListensOnItAndFreeOnceItStops() throws IOException {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
            assertTrue(Ports.isOpen(port), "a listener on " + port);
        }
        assertFalse(Ports.isOpen(port), "nothing listens on " + port + " any more");
    }

    @Test
    void awaitReturnsAsSoonAsTheThingIsReady() {
        AtomicInteger asked = new AtomicInteger();

        Ports.await("test", Duration.ofSeconds(10), () -> asked.incrementAndGet() == 3, null);

        assertEquals(3, asked.get());
    }

    @Test
    void awaitGivesUpWhenTheProcessExitsBeforeItIsReady() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "exit 3").start();
        process.waitFor();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Ports.await("the broker", Duration.ofSeconds(10), () -> false, process));

        assertEquals("the broker exited with code 3 before it was ready", e.getMessage());
    }

    @Test
    void awaitGivesUpAfterItsTimeout() {
        long start = System.nanoTime();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Ports.await("Keycloak", Duration.ofSeconds(1), () -> false, null));

        assertEquals("Keycloak was not ready within 1 s", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1000);
    }

    @Test
    void stopEndsTheProcessAndWhatItStarted() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300").start();
        List<ProcessHandle> children = awaitChildren(process, 2);

        Ports.stop(process, Duration.ofSeconds(10));

        assertFalse(process.isAlive());
        assertEnd(children);
    }

    @Test
    void stopKillsWhatIgnoresTheGracefulSignalOnceTheGraceIsOver() throws Exception {
        // SIGTERM ignored by the shell and, inherited, by its sleep
        Process process = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 300 & wait").start();
        List<ProcessHandle> children = awaitChildren(process, 1);

        Ports.stop(process, Duration.ofMillis(500));

        assertFalse(process.isAlive());
        assertEnd(children);
    }

    /** Signals are delivered asynchronously: each child ends soon after. */
    private static void assertEnd(List<ProcessHandle> children) {
        for (ProcessHandle child : children) {
            assertDoesNotThrow(() -> child.onExit().get(10, TimeUnit.SECONDS), "child " + child.pid() + " runs on");
        }
    }

    private static List<ProcessHandle> awaitChildren(Process process, int count) {
        Ports.await("children of " + process.pid(), Duration.ofSeconds(10),
                () -> process.children().count() >= count, process);
        return process.children().toList();
    }
}
