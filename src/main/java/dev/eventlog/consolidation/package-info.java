/**
 * Consolidation of bursts of updates (DESIGN §3): the merge rules ({@code EventMerge}, pure and
 * order-independent), finding the open event of a burst and closing it when its webhook goes out,
 * under a per-object advisory lock ({@code Consolidation}), and how long a stored event waits
 * before dispatch ({@code DispatchDelay}). Called by {@code ingest} (which owns writing the event
 * table) and by {@code dispatch}'s dispatcher; knows nothing of JMS or HTTP.
 */
package dev.eventlog.consolidation;
