/**
 * Access: who may see and change what. Tokens (JWT: HS256 with the configured or generated secret, RS256 from one
 * allow-listed JWKS URL), the roles of CONTRACT.md with their region scopes, rate limits per token and per address,
 * one-time sign-in codes, and the audit log of every decision.
 */
package org.muster.server.auth;
