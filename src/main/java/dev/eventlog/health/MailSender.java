package dev.eventlog.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends admin mails once the transaction that decided them has committed, one at a time on one
 * managed thread, with connect, read and write timeouts. Jakarta Mail waits forever by default,
 * and the mails used to go out inside the health check's transaction: an SMTP server that
 * accepted and never answered stopped the health timer with the subscription's row locked.
 * Mails wait here in memory (a node that stops loses the few not yet sent: they report a pause or
 * a warning that the API shows anyway); past {@link #MAX_WAITING} they are dropped with a warning,
 * so a dead SMTP server cannot grow the heap.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class.getName());

    static final int MAX_WAITING = 1_000;

    /** The server's session (server-config/), bound to this application as java:comp/env/mail/eventlog. */
    @Resource(name = "mail/eventlog")
    Session serverSession;

    /** Mail shares the default executor with delivery callbacks: it never takes more than one of its threads. */
    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "eventlog.mail.from", defaultValue = "eventlog@localhost")
    String from;

    @Inject
    @ConfigProperty(name = "eventlog.mail.timeout-seconds", defaultValue = "10")
    int timeoutSeconds;

    private final Queue<AdminMail> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile Session session;

    /**
     * Resolved at deployment: a mail may be handed over on a thread without the application's
     * naming context (a timer's or an HTTP callback's), where java:comp cannot be looked up.
     */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        session = withTimeouts(serverSession, timeoutSeconds * 1000L);
    }

    /** Without a transaction (none is active) the mail is handed over at once. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AdminMail mail) {
        if (waitingCount.incrementAndGet() > MAX_WAITING) {
            waitingCount.decrementAndGet();
            LOG.warning(() -> MAX_WAITING + " mails already wait for the SMTP server; not sent to the admins of "
                    + mail.organizationId() + ": " + mail.subject());
            return;
        }
        waiting.add(mail);
        startSending();
    }

    private void startSending() {
        if (!sending.compareAndSet(false, true)) {
            return; // the running sender takes this mail too
        }
        try {
            executor.execute(this::sendWaiting);
        } catch (RejectedExecutionException e) {
            sending.set(false);
            LOG.log(Level.WARNING, "Could not start sending admin mails; they go with the next one", e);
        }
    }

    private void sendWaiting() {
        try {
            AdminMail mail;
            while ((mail = waiting.poll()) != null) {
                waitingCount.decrementAndGet();
                send(mail);
            }
        } finally {
            sending.set(false);
        }
        // A mail added after the last poll but before the flag fell found the sender still running.
        if (!waiting.isEmpty()) {
            startSending();
        }
    }

    private void send(AdminMail mail) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from));
            for (String admin : mail.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(admin));
            }
            message.setSubject(mail.subject(), "UTF-8");
            message.setText(mail.text(), "UTF-8");
            Transport.send(message);
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not mail the admins of " + mail.organizationId() + ": " + mail.subject(), e);
        }
    }

    /**
     * The server's session with timeouts added where the server set none. Its credentials stay the
     * server's: the copy asks the server's session for them.
     */
    static Session withTimeouts(Session server, long timeoutMillis) {
        Properties properties = new Properties();
        Properties configured = server.getProperties();
        configured.stringPropertyNames().forEach(name -> properties.setProperty(name, configured.getProperty(name)));
        for (String protocol : new String[] {"smtp", "smtps"}) {
            for (String timeout : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
                properties.putIfAbsent("mail." + protocol + "." + timeout, String.valueOf(timeoutMillis));
            }
        }
        return Session.getInstance(properties, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return server.requestPasswordAuthentication(getRequestingSite(), getRequestingPort(),
                        getRequestingProtocol(), getRequestingPrompt(), getDefaultUserName());
            }
        });
    }
}
