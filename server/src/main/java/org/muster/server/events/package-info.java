/**
 * Commands and the events they produce (history path): each command checks its rules against the current state it
 * locked in the store, writes the new state and appends one past-tense event to the timeline, in one transaction;
 * {@link org.muster.server.events.CommandRunner} then applies the committed events to the live picture.
 */
package org.muster.server.events;
