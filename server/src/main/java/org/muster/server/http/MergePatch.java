package org.muster.server.http;

import io.vertx.core.json.JsonObject;

/** JSON Merge Patch (RFC 7396): members of the patch replace the target's, null removes, objects merge. Pure. */
final class MergePatch {
    private MergePatch() {
    }

    static JsonObject apply(JsonObject target, JsonObject patch) {
        JsonObject out = target.copy();
        for (String key : patch.fieldNames()) {
            Object v = patch.getValue(key);
            if (v == null) {
                out.remove(key);
            } else if (v instanceof JsonObject p && out.getValue(key) instanceof JsonObject t) {
                out.put(key, apply(t, p));
            } else if (v instanceof JsonObject p) {
                out.put(key, apply(new JsonObject(), p));
            } else {
                out.put(key, v);
            }
        }
        return out;
    }
}
