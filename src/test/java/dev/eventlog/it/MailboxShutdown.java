package dev.eventlog.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;

/** Stops the test SMTP server with the deployment; otherwise the next test class finds its port taken. */
@ApplicationScoped
public class MailboxShutdown {

    void onUndeploy(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        Mailbox.stop();
    }
}
