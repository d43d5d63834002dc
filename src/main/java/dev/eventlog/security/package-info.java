/**
 * Tenancy and authentication: organizations, users (admin or user), API and ingest keys (hashes
 * only), the operator's system token, and the request filter that decides who is calling.
 * Services receive plain ids and roles from the boundary; they never read the request.
 */
package dev.eventlog.security;
