package dev.eventlog.delivery;

import dev.eventlog.security.Role;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mails an organization's admins about their webhooks. The mail session is the server's
 * (server-config/), bound to this application as java:comp/env/mail/eventlog. A mail that cannot be
 * sent is logged, never allowed to undo the pause or warning it reports.
 */
@ApplicationScoped
public class AdminMailer {

    private static final Logger LOG = Logger.getLogger(AdminMailer.class.getName());

    @Resource(name = "mail/eventlog")
    Session mailSession;

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "eventlog.mail.from", defaultValue = "eventlog@localhost")
    String from;

    /**
     * Resolved at deployment: the first mail may be sent from a thread without the application's
     * naming context (a timer's or an HTTP callback's), where java:comp cannot be looked up.
     */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // instantiating the bean is the point
    }

    public void toAdmins(String organizationId, String subject, String text) {
        List<String> admins = em.createQuery("select u.email from AppUser u where u.organizationId = :org "
                        + "and u.role = :admin order by u.email", String.class)
                .setParameter("org", organizationId).setParameter("admin", Role.ADMIN).getResultList();
        if (admins.isEmpty()) {
            LOG.warning(() -> "No admin to tell about: " + subject + " (organization " + organizationId + ")");
            return;
        }
        try {
            MimeMessage message = new MimeMessage(mailSession);
            message.setFrom(new InternetAddress(from));
            for (String admin : admins) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(admin));
            }
            message.setSubject(subject, "UTF-8");
            message.setText(text, "UTF-8");
            Transport.send(message);
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not mail the admins of " + organizationId + ": " + subject, e);
        }
    }
}
