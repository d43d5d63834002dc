/**
 * Retries with backoff for 72 hours: when to try a failed delivery again (honouring a receiver's
 * Retry-After within the cap), and the timers that run due deliveries every 2 s (and the health
 * check every minute). Owns no table: a delivery's schedule is its webhook_delivery row, claimed
 * and rescheduled through {@code delivery}.
 */
package dev.eventlog.retry;
