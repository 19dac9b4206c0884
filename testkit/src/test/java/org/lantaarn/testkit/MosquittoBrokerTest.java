package org.lantaarn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A test broker's port is chosen free and bound by Mosquitto a moment later, so another process can take it in
 * between: the broker must then not pass for started (a connection to the port reaches the other process).
 */
@Tag("integration")
class MosquittoBrokerTest {
    @Test
    void a_port_another_process_took_before_mosquitto_bound_it_is_refused_and_start_tries_another() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger asked = new AtomicInteger();
            try (MosquittoBroker broker = MosquittoBroker.start("", () -> asked.getAndIncrement() == 0 ? taken.getLocalPort() : MosquittoBroker.freePort())) {
                assertThat(asked.get()).as("a second port was chosen").isEqualTo(2);
                assertThat(broker.port()).isNotEqualTo(taken.getLocalPort());
                assertThat(broker.isRunning()).isTrue();
                assertThat(ListeningSockets.owns(ProcessHandle.current().pid(), broker.port())).as("this JVM does not hold the broker's port").isFalse();
            }
        }
    }

    @Test
    void a_broker_whose_given_port_another_process_holds_fails_to_start_and_says_why() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String conf = "listener " + taken.getLocalPort() + " 127.0.0.1\nallow_anonymous true\n";
            assertThatThrownBy(() -> MosquittoBroker.startWithConfig(conf, taken.getLocalPort()).close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another process has it");
        }
    }

    @Test
    void a_broker_is_started_only_when_it_holds_every_listener_of_its_configuration() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int first = MosquittoBroker.freePort();
            String conf = "listener " + first + " 127.0.0.1\nallow_anonymous true\nlistener " + taken.getLocalPort() + " 127.0.0.1\n";
            assertThatThrownBy(() -> MosquittoBroker.startWithConfig(conf, first).close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another process has it");
        }
        int first = MosquittoBroker.freePort();
        int second = MosquittoBroker.freePort();
        String conf = "listener " + first + " 127.0.0.1\nallow_anonymous true\nlistener " + second + " 127.0.0.1\nallow_anonymous true\n";
        try (MosquittoBroker broker = MosquittoBroker.startWithConfig(conf, first)) {
            assertThat(ListeningSockets.owns(broker.pid(), second)).as("the second listener is up").isTrue();
        }
    }

    @Test
    void the_listening_socket_is_found_on_its_own_process_only() throws Exception {
        try (ServerSocket mine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(ListeningSockets.owns(ProcessHandle.current().pid(), mine.getLocalPort())).isTrue();
            Process other = new ProcessBuilder("sleep", "30").start();
            try {
                assertThat(ListeningSockets.owns(other.pid(), mine.getLocalPort())).isFalse();
            } finally {
                other.destroy();
                other.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
