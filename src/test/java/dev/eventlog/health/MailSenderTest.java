package dev.eventlog.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MailSenderTest {

    private static Properties smtpAt(int port) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", String.valueOf(port));
        return properties;
    }

    /** Jakarta Mail's defaults wait forever for a server that accepts and never says hello. */
    @Test
    void anSmtpServerThatAcceptsAndNeverAnswersFailsTheMailWithinTheTimeout() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Session session = MailSender.withTimeouts(Session.getInstance(smtpAt(silent.getLocalPort())), 500);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("eventlog@localhost"));
            message.addRecipient(Message.RecipientType.TO, new InternetAddress("ann@acme.test"));
            message.setText("hello");

            long started = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(MessagingException.class, () -> Transport.send(message)));
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
            assertEquals(1, accepted.size(), "the mail reached the silent server");
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void timeoutsTheServerSetAreKeptAndTheOthersAdded() {
        Properties configured = smtpAt(25);
        configured.setProperty("mail.smtp.timeout", "2000");
        Session session = MailSender.withTimeouts(Session.getInstance(configured), 500);
        assertEquals("2000", session.getProperty("mail.smtp.timeout"));
        assertEquals("500", session.getProperty("mail.smtp.connectiontimeout"));
        assertEquals("500", session.getProperty("mail.smtp.writetimeout"));
        assertEquals("127.0.0.1", session.getProperty("mail.smtp.host"));
    }
}
