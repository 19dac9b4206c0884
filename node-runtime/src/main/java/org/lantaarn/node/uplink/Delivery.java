package org.lantaarn.node.uplink;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The uplink's delivery rules without a transport: which outbox rows to publish next, when to resend, how fast,
 * and what a broker's answer or a gateway's receipt changes. A transport (the MQTT uplink) tells it what happened
 * and does what it decides; every time comes from the {@code nanoTime} ticker it is given, so each rule is tested
 * with a fake one.
 *
 * <ul>
 *   <li><b>Order and window.</b> Rows go out strictly in seq order from the first unconfirmed one, at most
 *   {@code maxInFlight} without a broker acknowledgement. A new connection ({@link #connected()}) starts again from
 *   the first row: everything unconfirmed is sent again.</li>
 *   <li><b>Coalescing.</b> However many times the outbox says it changed, the next {@link #next(long)} reads it once.</li>
 *   <li><b>Pacing.</b> {@link #pace()} spaces publishes at most {@link DeliveryPolicy#publishesPerSecond()} apart,
 *   with a burst of {@code maxInFlight}.</li>
 *   <li><b>Resend.</b> When rows are out and no receipt has moved for {@link DeliveryPolicy#resendAfter()}, every
 *   unreceipted row is sent again from the first; the wait doubles up to {@link DeliveryPolicy#MAX_RESEND_AFTER}
 *   while no receipt moves, and a receipt that moves brings it back.</li>
 *   <li><b>Refusal.</b> A publish the broker refuses is sent again after a capped exponential backoff.</li>
 *   <li><b>Rebase.</b> A receipt above every seq this outbox assigned means the node's data was wiped: the waiting
 *   rows must move above it ({@link ReceiptVerdict#rebaseAbove()}).</li>
 *   <li><b>Reconnect backoff.</b> Starts again from the shortest delay only after a connection that worked.</li>
 * </ul>
 *
 * <p>Not thread-safe: the transport calls it under its own lock.
 */
public final class Delivery {
    /** How long the transport may idle before it looks at the outbox anyway (a safety net for lost signals). */
    public static final Duration POLL = Duration.ofSeconds(1);
    /** A connection that lasted this long worked, whatever its publishes did. */
    public static final Duration STABLE = Duration.ofSeconds(10);

    private final DeliveryPolicy policy;
    private final int maxInFlight;
    private final LongSupplier nanoTime;
    private final PublishPacer pacer;
    private final Backoff refusalBackoff;

    private long epoch;
    private boolean live;
    private int inFlight;
    private long cursor;
    private long rewindTo = -1;
    private boolean pending = true;
    private long acknowledgedEpoch = -1;
    private long refusedEpoch = -1;
    private long receiptSeq;
    private long lastProgress;
    private long resendAfterNanos;
    private long resends;
    private long refusals;

    /**
     * @param policy      publish rate and resend timeout
     * @param maxInFlight most rows published and not yet acknowledged by the broker
     * @param nanoTime    a monotonic ticker in nanoseconds ({@code System::nanoTime}, or a fake one)
     * @param random      the jitter of the refusal backoff
     */
    public Delivery(DeliveryPolicy policy, int maxInFlight, LongSupplier nanoTime, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.pacer = new PublishPacer(policy.publishesPerSecond(), maxInFlight, nanoTime);
        this.refusalBackoff = Backoff.defaults(random);
        this.resendAfterNanos = policy.resendAfter().toNanos();
        this.lastProgress = nanoTime.getAsLong();
    }

    // ---------------------------------------------------------------- the connection

    /** A connection is up and announced: a new epoch, starting from the first unconfirmed row. Returns the epoch. */
    public long connected() {
        epoch++;
        live = true;
        inFlight = 0;
        cursor = 0;
        rewindTo = -1;
        pending = true;
        lastProgress = nanoTime.getAsLong();
        return epoch;
    }

    /** The connection is gone; answers still arriving for its epoch change nothing. */
    public void down() {
        live = false;
    }

    /** True while {@code epoch} is the live connection's. */
    public boolean isCurrent(long epoch) {
        return live && this.epoch == epoch;
    }

    /**
     * Whether the reconnect backoff starts again from the shortest delay after the connection of {@code epoch},
     * which came up at {@code connectedAtNanos}: only when it got publishes acknowledged and none refused, or lasted
     * {@link #STABLE}. A broker that drops the node right after connecting must not cause a reconnect storm.
     */
    public boolean worked(long epoch, long connectedAtNanos) {
        return (acknowledgedEpoch >= epoch && refusedEpoch < epoch) || nanoTime.getAsLong() - connectedAtNanos > STABLE.toNanos();
    }

    // ---------------------------------------------------------------- what to do next

    /** What the transport does next on the connection of an epoch. */
    public sealed interface Step permits Step.Stop, Step.Idle, Step.Fetch {
        /** The epoch is over (the connection went, or a newer one came): leave the publishing loop. */
        record Stop() implements Step {}

        /** Nothing to do: wait for a signal, at most {@code atMost}, then ask again. */
        record Idle(Duration atMost) implements Step {}

        /** Read at most {@code room} outbox rows after seq {@code after}, and publish them in order. */
        record Fetch(long after, int room) implements Step {}
    }

    /** The outbox changed (rows were added): the next step reads it. */
    public void outboxChanged() {
        pending = true;
    }

    /** An idle wait ended without a signal: look at the outbox anyway. */
    public void idleTimedOut() {
        pending = true;
    }

    /** The next step on the connection of {@code epoch}; resends first when a receipt is overdue. */
    public Step next(long epoch) {
        if (!isCurrent(epoch)) {
            return new Step.Stop();
        }
        resendIfOverdue();
        if (inFlight >= maxInFlight || !pending) {
            return new Step.Idle(POLL);
        }
        pending = false;
        if (rewindTo >= 0) {
            cursor = Math.min(cursor, rewindTo);
            rewindTo = -1;
        }
        return new Step.Fetch(cursor, maxInFlight - inFlight);
    }

    /** A fetch asked for {@code room} rows and got {@code got}: when the window was filled, more may wait. */
    public void fetched(int got, int room) {
        if (got == room) {
            pending = true;
        }
    }

    /** Nanoseconds to wait before the next publish (0: now); takes the slot. */
    public long pace() {
        return pacer.reserve();
    }

    private void resendIfOverdue() {
        long now = nanoTime.getAsLong();
        if (cursor > receiptSeq && now - lastProgress > resendAfterNanos) {
            rewindTo = 0;
            pending = true;
            lastProgress = now;
            resendAfterNanos = Math.min(resendAfterNanos * 2, DeliveryPolicy.MAX_RESEND_AFTER.toNanos());
            resends++;
        }
    }

    // ---------------------------------------------------------------- what happened to a publish

    /** About to publish row {@code seq} on {@code epoch}; false when the epoch is over (do not publish). */
    public boolean publishing(long epoch, long seq) {
        if (!isCurrent(epoch)) {
            return false;
        }
        inFlight++;
        cursor = seq;
        return true;
    }

    /** The client would not take row {@code seq}: it goes again from there. */
    public void notTaken(long epoch, long seq) {
        if (this.epoch == epoch) {
            inFlight--;
            rewind(seq);
        }
    }

    /** The broker acknowledged row {@code seq} (reason below 0x80). */
    public void acknowledged(long epoch) {
        refusalBackoff.reset();
        acknowledgedEpoch = Math.max(acknowledgedEpoch, epoch);
        if (this.epoch == epoch) {
            inFlight--;
            pending = true;
        }
    }

    /** The broker refused a row (reason 0x80 or above): returns how long to wait before {@link #retryRefused}. */
    public Duration refused(long epoch) {
        refusedEpoch = Math.max(refusedEpoch, epoch);
        refusals++;
        if (this.epoch == epoch) {
            inFlight--;
        }
        return refusalBackoff.next();
    }

    /** The wait after a refusal of row {@code seq} is over: send it again. */
    public void retryRefused(long epoch, long seq) {
        if (this.epoch == epoch) {
            rewind(seq);
            pending = true;
        }
    }

    /** A publish failed because the connection is going; everything unconfirmed goes again after the reconnect. */
    public void released(long epoch) {
        if (this.epoch == epoch) {
            inFlight--;
            pending = true;
        }
    }

    private void rewind(long seq) {
        rewindTo = rewindTo < 0 ? seq - 1 : Math.min(rewindTo, seq - 1);
    }

    // ---------------------------------------------------------------- receipts

    /**
     * What a receipt means.
     *
     * @param progress    the receipt moved beyond every earlier one: the resend wait starts again from the policy's
     * @param rebaseAbove the seq the waiting rows must move above (the node's data was wiped and its seqs began
     *                    again), or -1 when they need not move
     */
    public record ReceiptVerdict(boolean progress, long rebaseAbove) {}

    /** The gateway has everything up to {@code seq}; {@code lastAssigned} is the highest seq this outbox ever assigned. */
    public ReceiptVerdict receipt(long seq, long lastAssigned) {
        boolean progress = seq > receiptSeq;
        if (progress) {
            receiptSeq = seq;
            lastProgress = nanoTime.getAsLong();
            resendAfterNanos = policy.resendAfter().toNanos();
        }
        return new ReceiptVerdict(progress, seq > lastAssigned ? seq : -1);
    }

    // ---------------------------------------------------------------- counters

    /** Times every unreceipted row was sent again for want of a receipt. */
    public long resends() {
        return resends;
    }

    /** Publishes the broker refused. */
    public long refusals() {
        return refusals;
    }

    /** Rows published and not yet acknowledged on the live connection. */
    public int inFlight() {
        return inFlight;
    }

    /** The highest seq a receipt confirmed. */
    public long receiptSeq() {
        return receiptSeq;
    }

    /** How long the uplink now waits for a receipt before resending. */
    public Duration resendAfter() {
        return Duration.ofNanos(resendAfterNanos);
    }

    /** How long since a receipt last moved (or the connection came up). */
    public Duration sinceProgress() {
        return Duration.ofNanos(nanoTime.getAsLong() - lastProgress);
    }
}
