package dev.eventlog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that accepts connections and never says a word, on the test SMTP port (the
 * Mailbox's GreenMail must be stopped first). Jakarta Mail's defaults would wait for its greeting
 * forever.
 */
final class SilentSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private SilentSmtpServer(ServerSocket socket) {
        this.socket = socket;
        Thread acceptor = new Thread(this::accept, "silent-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SilentSmtpServer start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", Mailbox.PORT));
            return new SilentSmtpServer(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() {
        try {
            while (true) {
                accepted.add(socket.accept());
            }
        } catch (IOException closed) {
            // closed with the test
        }
    }

    /** Connections made so far: one per mail the server tried to send. */
    int connections() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : accepted) {
            connection.close();
        }
    }
}
