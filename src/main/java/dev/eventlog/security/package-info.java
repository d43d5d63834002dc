/**
 * Tenancy and authentication: organizations, users (admin or user; deactivated, never deleted), API
 * and ingest keys (hashes only; revoked, never deleted), the operator's system token, and the
 * request filter that decides who is calling, from the database on every request, so a revoked
 * key, a deactivated user or a new role applies at once. Services receive plain ids and roles from
 * the boundary; they never read the request. A deactivation is announced (UserDeactivated) to
 * the features that hold what the user set up; this package knows none of them.
 */
package dev.eventlog.security;
