/**
 * Keeping 30 days and no more: the timer that creates the coming days' partitions of the event
 * table and drops those past the retention, and purges the webhook attempt log past its own
 * retention. Never holds a strong lock for long (short lock timeouts, retried) and never deletes in
 * one big statement: batches, each its own transaction.
 */
package dev.eventlog.retention;
