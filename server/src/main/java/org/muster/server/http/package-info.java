/**
 * HTTP: the REST API under {@code /api/v1} (JSON, GeoJSON; RFC 9457 problem+json for every error), health, metrics
 * and the console's static files. Endpoint classes add their routes to one router; JSON codecs translate between the
 * API's representation and the Protobuf domain; commands run through the events stage.
 */
package org.muster.server.http;
