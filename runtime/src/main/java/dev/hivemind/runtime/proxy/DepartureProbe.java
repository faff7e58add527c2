package dev.hivemind.runtime.proxy;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices a client that closes its connection while its request waits for a backend's answer, so that the request to
 * the backend is abandoned at once instead of holding a connection to the instance until the request timeout.
 *
 * <p>Jetty reads an HTTP/1.1 connection only while a handler reads the request's body, so a client's FIN goes unseen
 * while the proxy waits. The probe asks the endpoint to report the connection readable (without reading it), then
 * tells a closed connection (nothing to read: end of stream, or a reset) from the next pipelined request (bytes
 * waiting, left in place for Jetty). nginx and Go's HTTP server watch the connection the same way and abandon the
 * request when the client half-closes. The probe is disarmed before the answer completes, when Jetty reads the
 * connection for the next request itself.
 */
final class DepartureProbe implements Callback {
    private static final System.Logger LOG = System.getLogger(DepartureProbe.class.getName());
    private static final Disarmed DISARMED = new Disarmed();
    /** Over TLS, a readable connection may hold a record that is neither data nor the end: look again, this often. */
    private static final int LOOKS = 3;
    private static final int ARMED = 0;
    private static final int LOOKING = 1;
    private static final int DONE = 2;

    private final AbstractEndPoint endPoint;
    private final Runnable onDeparture;
    private final AtomicInteger state = new AtomicInteger(ARMED);
    private int looks; // only while LOOKING, by one thread at a time
    private volatile Thread looking;

    /** What a readable connection holds. */
    private enum Sight { CLOSED, BYTES, UNKNOWN }

    private DepartureProbe(AbstractEndPoint endPoint, Runnable onDeparture) {
        this.endPoint = endPoint;
        this.onDeparture = onDeparture;
    }

    /** Watches the request's connection; empty when it cannot be watched (another reader waits on it already). */
    static Optional<DepartureProbe> arm(Request request, Runnable onDeparture) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (!(endPoint instanceof AbstractEndPoint watched)) {
            return Optional.empty();
        }
        DepartureProbe probe = new DepartureProbe(watched, onDeparture);
        return watched.tryFillInterested(probe) ? Optional.of(probe) : Optional.empty();
    }

    /**
     * Stops watching; once this returns, the probe holds no read interest on the endpoint, so Jetty may take it. A
     * look in progress (a fill and a new interest: microseconds) is waited for.
     */
    void disarm() {
        while (true) {
            int now = state.get();
            if (now == DONE) {
                return;
            }
            if (now == ARMED && state.compareAndSet(ARMED, DONE)) {
                endPoint.getFillInterest().onFail(DISARMED);
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** The connection is readable: the client closed it, or sent more (its next request). */
    @Override
    public void succeeded() {
        if (!startLooking()) {
            return;
        }
        Sight sight = look();
        if (sight == Sight.CLOSED) {
            looking = null;
            state.set(DONE);
            onDeparture.run();
            return;
        }
        boolean again = sight == Sight.UNKNOWN && ++looks < LOOKS && endPoint.tryFillInterested(this);
        looking = null;
        state.compareAndSet(LOOKING, again ? ARMED : DONE); // unless the new interest failed at once (DONE already)
    }

    /** The endpoint failed or closed (the client is gone), or the probe was disarmed. */
    @Override
    public void failed(Throwable failure) {
        if (failure != DISARMED && state.getAndSet(DONE) != DONE) {
            onDeparture.run();
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING; // aborting the request to the backend never blocks
    }

    /**
     * Takes the look from ARMED; false once disarmed. Waits while an earlier look of this probe (on another thread) is
     * re-arming; a readiness reported at once, on the re-arming thread itself, is let go (the next look comes with the
     * next readiness).
     */
    private boolean startLooking() {
        while (true) {
            int now = state.get();
            if (now == DONE || now == LOOKING && looking == Thread.currentThread()) {
                return false;
            }
            if (now == ARMED && state.compareAndSet(ARMED, LOOKING)) {
                looking = Thread.currentThread();
                return true;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Over plain TCP, readable with nothing to read is the end of the stream (or a reset), and bytes are the next
     * request, left where they are. Over TLS, a fill into no space decrypts what arrived into the TLS connection's own
     * buffer (where Jetty reads it later) and says whether the stream ended.
     */
    private Sight look() {
        try {
            if (endPoint instanceof SocketChannelEndPoint plain) {
                return plain.getChannel().socket().getInputStream().available() == 0 ? Sight.CLOSED : Sight.BYTES;
            }
            return endPoint.fill(BufferUtil.EMPTY_BUFFER) < 0 || endPoint.isInputShutdown() ? Sight.CLOSED
                    : Sight.UNKNOWN;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "a client's connection failed while its request waited: " + e);
            return Sight.CLOSED;
        }
    }

    /** Why a request to a backend is abandoned: its client closed the connection (quiet: Jetty logs it at debug). */
    static final class ClientLeft extends IOException implements QuietException {
        ClientLeft() {
            super("the client closed its connection before the answer");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // an expected event, not a bug: no stack to capture
        }
    }

    /** Why the probe's read interest is withdrawn: nothing failed. */
    private static final class Disarmed extends IOException {
        Disarmed() {
            super("the probe was disarmed");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
