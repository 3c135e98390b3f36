package io.payments.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finding and checking TCP ports on 127.0.0.1. */
public final class Ports {

    private Ports() {
    }

    /**
     * Ports this process handed out. A port is free once its probe socket closes, so the OS may
     * offer it again before whoever took it binds it: a broker once got the same port for its
     * client and controller listeners, and did not start.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 100;

    /** A port that is free now and that this process has not handed out before. */
    public static int free() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = probe();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No TCP port on 127.0.0.1 that this process has not handed out already, after "
                + ATTEMPTS + " tries");
    }

    /** A port that is free now (0 asks the OS for one). */
    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
        }
    }

    /** The requested port if it is 0 (any free one) or free; otherwise a {@link PortInUseException}. */
    public static int requireFree(int port, String what, String option) {
        if (port == 0) {
            return free();
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return port;
        } catch (IOException e) {
            throw new PortInUseException(port, what, option);
        }
    }

    /** A port another process already listens on, with the option that changes it. */
    public static final class PortInUseException extends RuntimeException {
        public PortInUseException(int port, String what, String option) {
            super("Port " + port + " for " + what + " is already in use: stop what listens there (e.g. `ss -ltnp | grep :"
                    + port + "`) or choose another port with " + option);
        }
    }
}
