package dev.eventlog.health;

import dev.eventlog.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.logging.Logger;

/**
 * Mails an organization's admins about their webhooks. Only decides who gets what: the mail goes
 * out after the caller's transaction commits, off the caller's thread (MailSender), so an SMTP
 * server that hangs holds neither the subscription's row lock nor a pooled connection.
 */
@ApplicationScoped
public class AdminMailer {

    private static final Logger LOG = Logger.getLogger(AdminMailer.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<AdminMail> mails;

    public void toAdmins(String organizationId, String subject, String text) {
        List<String> admins = em.createQuery("select u.email from AppUser u where u.organizationId = :org "
                        + "and u.role = :admin order by u.email", String.class)
                .setParameter("org", organizationId).setParameter("admin", Role.ADMIN).getResultList();
        if (admins.isEmpty()) {
            LOG.warning(() -> "No admin to tell about: " + subject + " (organization " + organizationId + ")");
            return;
        }
        mails.fire(new AdminMail(organizationId, admins, subject, text));
    }
}
