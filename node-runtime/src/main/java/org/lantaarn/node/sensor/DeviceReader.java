package org.lantaarn.node.sensor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lantaarn.config.Durations;
import org.lantaarn.node.uplink.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a device and reads it on a platform daemon thread of its own, so that neither the caller of
 * {@link #start()} nor the node's window scheduler ever waits for a device. Opens have a timeout: a device
 * that does not open in time puts the stream in the condition {@code sensor-absent: open timed out after Ns}
 * (see {@link SampleSink#condition}), and a named pipe nobody writes is released (its write end opened once)
 * and tried again after a capped exponential backoff with full jitter (1 s doubling to 60 s); any other
 * open that hangs is left to finish on its daemon thread, never started twice. Reads have a timeout too
 * when the device should talk regularly: no data for that long is reported and the device is reopened.
 * A device that fails or ends is reopened after the backoff, or, for a recording, reported as
 * {@code source-ended}.
 *
 * <p>{@link #close()} never waits for the device: it closes the open device (a {@link FileChannel} read
 * returns at once), releases a blocked open of a named pipe, and abandons the daemon thread otherwise.
 * Thread-safe.
 */
public final class DeviceReader implements AutoCloseable {
    /** Condition of a recording (a file replayed) that has been read to its end. */
    public static final String SOURCE_ENDED = "source-ended";
    /** Default open timeout. */
    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DeviceReader.class);

    /** An open device: read it until it ends (return) or fails (throw). Runs on the reader's thread. */
    public interface Session extends Closeable {
        void read() throws IOException;
    }

    /**
     * Thrown by {@link Session#read()} when the source's content cannot be read at all (a wrong format): the
     * message, a quality-flag text such as {@code capture-unreadable: unsupported link type 105 (...)}, becomes
     * the stream's condition, logged at WARN; a recording stops there, a live source is tried again after the backoff.
     */
    public static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        public Unreadable(String flag) {
            super(flag);
        }
    }

    /** Opens the device; called on the reader's thread, may block. */
    @FunctionalInterface
    public interface Opener {
        Session open() throws IOException;
    }

    /** What to do when a session's {@link Session#read()} returns (the device ended). */
    public enum AtEnd {
        /** A live device or a named pipe: open it again after the backoff. */
        REOPEN,
        /** A recording: report {@link #SOURCE_ENDED} and stop. */
        STOP
    }

    private final String name;
    private final String describe;
    private final Path path; // released when a named pipe's open hangs; null when none
    private final Opener opener;
    private final Duration openTimeout;
    private final Duration readTimeout; // null: the device may be silent for any time
    private final AtEnd atEnd;
    private final SampleSink sink;
    private final DriverContext context;
    private final Backoff backoff;
    private final Object lock = new Object();

    private Thread thread;
    private boolean closed;
    private Session session;      // guarded by lock
    private Attempt attempt;      // guarded by lock: the open under way
    private volatile long lastProgressNanos;
    private String condition;     // guarded by lock: the condition this reader last set

    DeviceReader(DeviceReaderBuilder b) {
        this.name = b.name;
        this.describe = b.describe;
        this.path = b.path;
        this.opener = b.opener;
        this.openTimeout = b.openTimeout;
        this.readTimeout = b.readTimeout;
        this.atEnd = b.atEnd;
        this.sink = b.sink;
        this.context = b.context;
        this.backoff = new Backoff(b.backoffInitial, b.backoffMax, new Random());
    }

    /** A reader named {@code name} (the thread's name) reading {@code describe} (for messages). */
    public static DeviceReaderBuilder builder(String name, String describe, Opener opener, SampleSink sink, DriverContext context) {
        return new DeviceReaderBuilder(name, describe, opener, sink, context);
    }

    /** Starts the reader's thread; returns at once. */
    public void start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("device reader " + name + " already started");
            }
            thread = Thread.ofPlatform().daemon(true).name(name).start(this::run);
        }
    }

    /** The driver read data from the device: resets the backoff and the read timeout. */
    public void progress() {
        lastProgressNanos = System.nanoTime();
        boolean clear;
        synchronized (lock) {
            backoff.reset();
            clear = condition != null && !condition.equals(SOURCE_ENDED);
        }
        if (clear) {
            setCondition(null);
        }
    }

    private void run() {
        while (!isClosed()) {
            Attempt a = new Attempt();
            synchronized (lock) {
                attempt = a;
            }
            Thread.ofVirtual().name(name + "-open-watch").start(() -> watch(a));
            Session s;
            try {
                s = opener.open();
            } catch (IOException | RuntimeException e) {
                a.done.countDown();
                boolean released;
                synchronized (lock) {
                    attempt = null;
                    released = a.released;
                }
                if (isClosed()) {
                    return;
                }
                if (released) {
                    pause(); // the released open of a named pipe read an empty stream: try again later
                } else {
                    failed("cannot open " + describe + ": " + e.getMessage());
                }
                continue;
            }
            a.done.countDown();
            boolean released;
            synchronized (lock) {
                attempt = null;
                released = a.released;
                if (!closed && !released) {
                    session = s;
                }
            }
            if (isClosed() || released) {
                closeQuietly(s);
                if (isClosed()) {
                    return;
                }
                pause(); // the timed-out open of a named pipe was released by us: try again later
                continue;
            }
            if (!a.timedOut) {
                setCondition(null);
            } else {
                setCondition(null); // it opened late: the device is there now
                log.warn("node {}: {} opened after all", context.node(), describe);
            }
            lastProgressNanos = System.nanoTime();
            Thread watchdog = readTimeout == null ? null : Thread.ofVirtual().name(name + "-read-watch").start(() -> watchReads(s));
            String failure = null;
            String unreadable = null;
            try {
                s.read();
            } catch (Unreadable e) {
                unreadable = e.getMessage();
            } catch (IOException | RuntimeException e) {
                failure = "read from " + describe + " failed: " + e.getMessage();
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
                synchronized (lock) {
                    session = null;
                }
                closeQuietly(s);
            }
            if (isClosed()) {
                return;
            }
            if (unreadable != null) {
                log.warn("node {}: {} cannot be read: {}", context.node(), describe, unreadable);
                setCondition(unreadable);
                if (atEnd == AtEnd.STOP) {
                    return;
                }
                pause();
            } else if (failure != null) {
                failed(failure);
            } else if (atEnd == AtEnd.STOP) {
                log.warn("node {}: {} ended: {}", context.node(), describe, SOURCE_ENDED);
                setCondition(SOURCE_ENDED);
                return;
            } else {
                failed(describe + " ended");
            }
        }
    }

    private void failed(String reason) {
        log.warn("node {}: {}; trying again", context.node(), reason);
        sink.fault(context.clock().instant(), reason);
        pause();
    }

    /** Waits out the next backoff delay, or until closed. */
    private void pause() {
        long delay;
        synchronized (lock) {
            delay = backoff.next().toMillis();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        synchronized (lock) {
            while (!closed) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void watch(Attempt a) {
        try {
            if (a.done.await(openTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        synchronized (lock) {
            if (closed || attempt != a) {
                return;
            }
            a.timedOut = true;
        }
        String reason = "sensor-absent: open timed out after " + Durations.format(openTimeout);
        log.warn("node {}: {} did not open: {}", context.node(), describe, reason);
        setCondition(reason);
        if (path != null && SourceFiles.isNamedPipe(path)) {
            synchronized (lock) {
                a.released = true;
            }
            releaseOpen(path);
        }
    }

    private void watchReads(Session s) {
        long timeout = readTimeout.toNanos();
        try {
            while (true) {
                long idle = System.nanoTime() - lastProgressNanos;
                if (idle >= timeout) {
                    break;
                }
                Thread.sleep(Duration.ofNanos(timeout - idle));
            }
        } catch (InterruptedException e) {
            return; // the session ended
        }
        synchronized (lock) {
            if (closed || session != s) {
                return;
            }
        }
        String reason = "read timed out: no data from " + describe + " for " + Durations.format(readTimeout);
        log.warn("node {}: {}; opening it again", context.node(), reason);
        setCondition(reason);
        closeQuietly(s); // the blocked read returns and the device is opened again
    }

    private void setCondition(String c) {
        synchronized (lock) {
            if (Objects.equals(condition, c) || (closed && c != null)) {
                return;
            }
            condition = c;
        }
        sink.condition(context.clock().instant(), c);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * A thread waiting in open() on a named pipe that has no writer cannot be interrupted; opening the pipe's
     * write end once lets that open return (the reader then sees the end of the stream). Done on a daemon thread
     * of its own, because that open waits for a reader in turn.
     */
    static void releaseOpen(Path fifo) {
        Thread.ofPlatform().daemon(true).name("lantaarn-release-" + fifo.getFileName()).start(() -> {
            try {
                FileChannel.open(fifo, StandardOpenOption.WRITE).close();
            } catch (IOException ignored) {
                // the pipe went away: nothing is blocked on it any more
            }
        });
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing: nothing more to do
        }
    }

    /** Stops reading without waiting for the device. Idempotent. */
    @Override
    public void close() {
        Session s;
        Attempt a;
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            a = attempt;
            t = thread;
            lock.notifyAll();
        }
        if (s != null) {
            closeQuietly(s);
        }
        if (t != null) {
            t.interrupt();
        }
        if (a != null && a.done.getCount() > 0 && !a.released && path != null && SourceFiles.isNamedPipe(path)) {
            releaseOpen(path);
        }
    }

    /** Whether the reader's thread has ended (for tests). */
    public boolean isStopped() {
        synchronized (lock) {
            return thread != null && !thread.isAlive();
        }
    }

    private static final class Attempt {
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean timedOut;
        boolean released; // guarded by the reader's lock
    }
}
