package org.lantaarn.node.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ScheduledExecutorService} driven by a {@link ManualClock}: nothing runs until the test calls
 * {@link #advance(Duration)} (or {@link #runDue()}), which moves the clock to each due task in turn and
 * runs it on the calling thread. {@link #execute} runs at once.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final ManualClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>(
            Comparator.<Task<?>, Instant>comparing(t -> t.due).thenComparingLong(t -> t.order));
    private final AtomicLong order = new AtomicLong();
    private boolean shutdown;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    public ManualClock clock() {
        return clock;
    }

    /** Moves the clock forward by {@code d}, running every task that falls due on the way, in time order. */
    public void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    break;
                }
                queue.poll();
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
            }
            next.runOnce();
        }
        clock.set(target);
    }

    /** Moves the clock to {@code t}, running what falls due. */
    public void advanceTo(Instant t) {
        advance(Duration.between(clock.instant(), t));
    }

    /** Runs the tasks due now without moving the clock. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    private final class Task<V> implements ScheduledFuture<V> {
        final Callable<V> work;
        final long periodNanos; // 0: one-shot
        final long order;
        Instant due;
        volatile boolean cancelled;
        volatile boolean done;
        V result;

        Task(Callable<V> work, Instant due, long periodNanos) {
            this.work = work;
            this.due = due;
            this.periodNanos = periodNanos;
            this.order = ManualScheduler.this.order.incrementAndGet();
        }

        void runOnce() {
            if (cancelled) {
                return;
            }
            try {
                result = work.call();
            } catch (Exception e) {
                done = true;
                return; // like a real scheduler: a failing periodic task stops
            }
            if (periodNanos > 0 && !cancelled) {
                due = due.plusNanos(periodNanos);
                synchronized (ManualScheduler.this) {
                    queue.add(this);
                }
            } else {
                done = true;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            cancelled = true;
            synchronized (ManualScheduler.this) {
                queue.remove(this);
            }
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() {
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) {
            return result;
        }
    }

    private <V> ScheduledFuture<V> add(Callable<V> work, long delay, TimeUnit unit, long periodNanos) {
        Task<V> t = new Task<>(work, clock.instant().plusNanos(unit.toNanos(Math.max(0, delay))), periodNanos);
        synchronized (this) {
            if (shutdown) {
                throw new java.util.concurrent.RejectedExecutionException("manual scheduler is shut down");
            }
            queue.add(t);
        }
        return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, delay, unit, 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, delay, unit, 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, initialDelay, unit, unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        queue.clear();
        return new ArrayList<>();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
