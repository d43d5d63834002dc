/**
 * The nodes sharing one database: the registry of live nodes (eventlog_node, a heartbeat each
 * node writes by the database's clock) and the shares of a limit meant for the whole cluster, so
 * that N nodes together keep to what one configured limit promises.
 */
package dev.eventlog.platform.cluster;
