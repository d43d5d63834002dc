package dev.eventlog.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on the port the test server's mail session uses
 * (eventlog.smtp.port in arquillian.xml). One per server, started on first use.
 */
public final class Mailbox {

    public record Mail(List<String> to, String subject, String text) {
    }

    /** The test server's SMTP port (eventlog.smtp.port in arquillian.xml). */
    static final int PORT = 3125;

    private static GreenMail greenMail;

    private Mailbox() {
    }

    public static synchronized GreenMail server() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
        return greenMail;
    }

    /** Called when the test deployment goes, so the next one can bind the port again; and by tests that need the port. */
    static synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Every mail received so far that was sent to {@code address}. */
    public static List<Mail> to(String address) {
        return Arrays.stream(server().getReceivedMessages()).map(Mailbox::read)
                .filter(m -> m.to().contains(address)).toList();
    }

    private static Mail read(MimeMessage message) {
        try {
            List<String> to = Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
            return new Mail(to, message.getSubject(), String.valueOf(message.getContent()));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
