/**
 * The store (history path): PostgreSQL holds the timeline of events and the current state they produced, written in
 * one transaction before any command is acknowledged. The embedded PostgreSQL, the migrations and the one class with
 * SQL live here.
 */
package org.muster.server.store;
