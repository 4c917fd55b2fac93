/**
 * The cluster: how members find each other (Hazelcast over TCP/IP, as {@code cluster.members} lists) and how what
 * they share is serialized (Protobuf bytes under stable type ids). Vert.x is clustered through vertx-hazelcast even
 * with one member, so that one code path serves one member and many.
 */
package org.muster.server.cluster;
