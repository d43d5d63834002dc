/**
 * Ingest messages an operator has to look at: those the ingest consumer refused
 * ({@code eventlog.ingest.rejected}, with the reason) and those whose every delivery failed
 * ({@code eventlog.ingest.dead}). Lists them, counts them for metrics, replays them onto the
 * ingest queue and discards them on purpose, with portable JMS only (browsers, selectors on
 * JMSMessageID, one JTA transaction per move) so the same WAR works on WildFly and Payara.
 * Reads and moves messages; never parses events or touches the database.
 */
package dev.eventlog.parked;
