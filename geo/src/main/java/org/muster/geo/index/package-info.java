/**
 * The moving-point index: the primary filter of every recommendation. It holds every team's latest position and
 * the attributes a query filters on (capabilities with capacities, status, tier, transport, fix time), takes
 * tens of thousands of moves per second, and answers filtered k-nearest queries in exact geodesic order.
 *
 * <p>Shape: one bucket quadtree over longitude/latitude for all teams, plus one per capability holding just the
 * teams that have it. A query walks the tree of its rarest required capability, so a filter that matches 0.1% of
 * teams only looks at teams that already pass the capability test; every node keeps summaries (count and the sets of
 * statuses, tiers and transports below it, exactly; an upper bound on the newest fix below it) so that best-first
 * search also skips whole subtrees that fail the rest of the filter. A team's coordinates live once, in a slot
 * shared by its trees, so a move inside its leaf costs the same whether the team is in one tree or ten. Distances in the trees are lower bounds on a sphere; the few candidates
 * that reach the front of the queue are measured exactly with GeographicLib before they are returned.
 *
 * <p>Threading: {@link org.muster.geo.index.MovingPointIndex} has one writer and is not thread-safe; the server
 * confines it to one thread (one verticle's context). The value types here are immutable and may be shared.
 */
package org.muster.geo.index;
