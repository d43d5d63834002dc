/**
 * Keeping 30 days and no more: the timer that creates the coming days' partitions of the event
 * table and drops those past the retention. Never deletes rows one by one.
 */
package dev.eventlog.retention;
