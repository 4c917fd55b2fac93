package org.muster.server.http;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/** What a command answers: status, JSON body (or none) and extra headers (ETag, Location). Immutable. */
record Reply(int status, String body, Map<String, String> headers) {

    static Reply json(int status, Object body, Map<String, String> headers) {
        return new Reply(status, body == null ? null : io.vertx.core.json.Json.encode(body), Map.copyOf(headers));
    }

    static Reply of(int status, JsonObject body, long version) {
        return json(status, body, Map.of("ETag", Requests.etag(version)));
    }

    Reply withHeader(String name, String value) {
        java.util.Map<String, String> h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new Reply(status, body, Map.copyOf(h));
    }

    JsonObject toStored() {
        return new JsonObject().put("status", status).put("body", body).put("headers", new JsonObject(Map.copyOf(headers)));
    }

    static Reply fromStored(JsonObject o) {
        JsonObject h = o.getJsonObject("headers", new JsonObject());
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        h.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
        return new Reply(o.getInteger("status"), o.getString("body"), Map.copyOf(headers));
    }
}
