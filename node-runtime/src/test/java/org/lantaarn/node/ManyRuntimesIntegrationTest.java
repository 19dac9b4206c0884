package org.lantaarn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.TestSensors;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

/** Many runtimes share one JVM the way the simulator runs them: one scheduler, one I/O executor. */
@Tag("integration")
class ManyRuntimesIntegrationTest {
    private static final int NODES = 50;

    @TempDir
    Path dataDirs;

    @Test
    void fifty_runtimes_share_a_scheduler_and_an_io_executor_and_each_publishes_its_windows() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("sim-scheduler-", 0).factory());
        // Paho holds three blocking tasks per connection: give them virtual threads, as many as needed.
        ScheduledThreadPoolExecutor io = new ScheduledThreadPoolExecutor(4 * NODES, Thread.ofVirtual().name("sim-io-", 0).factory());
        List<NodeRuntime> runtimes = new ArrayList<>();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (MosquittoBroker broker = MosquittoBroker.start();
             MessageCollector gateway = MessageCollector.subscribe(broker.uri(), "lantaarn/v1/nodes/+/obs/#");
             AutoCloseable stopRuntimesFirst = () -> runtimes.parallelStream().forEach(NodeRuntime::close)) {
            for (int i = 0; i < NODES; i++) {
                String node = "sim-" + i;
                NodeRuntime r = NodeRuntime.builder()
                        .config(Configs.node(node, broker.uri(), Duration.ofSeconds(1), Configs.stream("air", "test-climate")))
                        .dataDir(dataDirs.resolve(node))
                        .providers(List.of(TestSensors.climate(Duration.ofMillis(250))))
                        .scheduler(scheduler)
                        .ioExecutor(io)
                        .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)) // a connect refused under load: no wait of up to 60 s
                        .build();
                runtimes.add(r);
                r.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> runtimes.stream().allMatch(NodeRuntime::uplinkConnected));
            // Not a count of the JVM's threads, which a loaded machine changes (the virtual-thread carriers of the JDK's
            // ForkJoinPool grow to compensate for pinned threads; the JIT adds compiler threads): the platform threads
            // that came up meanwhile, apart from those pools and the shared scheduler given here, by name.
            List<String> added = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && !t.isVirtual())
                    .map(Thread::getName)
                    .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("sim-scheduler-"))
                    // Nor the JDK's own, whose number a loaded machine changes too: one "process reaper" per child
                    // process running at once (Mosquitto, each runtime's timedatectl), the virtual threads' I/O pollers;
                    // nor this test's own collector (four Paho threads). Beside stress-ng they made exactly 10 of 10.
                    .filter(n -> !n.startsWith("process reaper") && !n.equals("MasterPoller") && !n.equals("VirtualThread-unblocker")
                            && !n.endsWith("-Poller") && !n.contains(": collector-"))
                    .sorted().toList();
            assertThat(added).as("platform threads the %d runtimes started: %s", NODES, added).hasSizeLessThan(NODES / 5);

            // 60 s: fifty runtimes, their broker and their collector share a loaded 2-core machine (20 s ran out beside stress-ng)
            await().atMost(Duration.ofSeconds(60)).until(() -> perNode(gateway).size() == NODES
                    && perNode(gateway).values().stream().allMatch(n -> n >= 2));
        } finally {
            scheduler.shutdownNow();
            io.shutdownNow();
        }
    }

    private static Map<String, Long> perNode(MessageCollector c) {
        return c.messages().stream().map(m -> m.topic().split("/")[3])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
