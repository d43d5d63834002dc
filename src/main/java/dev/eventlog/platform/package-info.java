/**
 * Shared plumbing every feature uses: ids, time, JSON, errors, admission limits, JMS
 * destinations, schema migrations and health. Knows nothing of events, webhooks or tenants; features depend on it,
 * never the other way round.
 */
package dev.eventlog.platform;
