package dev.eventlog.health;

import java.util.List;

/**
 * A mail to an organization's admins, decided inside a transaction and sent only once that
 * transaction has committed (MailSender): a pause that rolls back mails nobody.
 */
public record AdminMail(String organizationId, List<String> to, String subject, String text) {
}
