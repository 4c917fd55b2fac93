package org.muster.server.http;

import com.google.protobuf.ProtocolMessageEnum;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.muster.server.events.Rejection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads a JSON object field by field, checking types and ranges, and names the offending field (as a JSON path from
 * the request body) in the {@link Rejection} it throws. Not thread-safe; one per object read.
 */
final class JsonReader {
    private final JsonObject json;
    private final String path;

    JsonReader(JsonObject json, String path) {
        this.json = json;
        this.path = path;
    }

    static JsonReader of(JsonObject json) {
        return new JsonReader(json, "");
    }

    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return json.containsKey(name) && json.getValue(name) != null;
    }

    boolean present(String name) {
        return json.containsKey(name);
    }

    /** Refuses members the resource does not have (a typo must not be silently ignored). */
    JsonReader only(Set<String> known) {
        for (String k : json.fieldNames()) {
            if (!known.contains(k)) {
                throw Rejection.invalid(field(k), "unknown field; known fields are " + known.stream().sorted().toList());
            }
        }
        return this;
    }

    String string(String name, int maxLength) {
        return optString(name, maxLength).orElseThrow(() -> Rejection.invalid(field(name), "is required"));
    }

    Optional<String> optString(String name, int maxLength) {
        if (!has(name)) {
            return Optional.empty();
        }
        Object v = json.getValue(name);
        if (!(v instanceof String s)) {
            throw Rejection.invalid(field(name), "must be a string");
        }
        if (s.length() > maxLength) {
            throw Rejection.invalid(field(name), "is longer than " + maxLength + " characters");
        }
        return Optional.of(s);
    }

    String matching(String name, String regex, String what) {
        String s = string(name, 256);
        if (!s.matches(regex)) {
            throw Rejection.invalid(field(name), "must be " + what);
        }
        return s;
    }

    Optional<String> optMatching(String name, String regex, String what) {
        Optional<String> s = optString(name, 256);
        s.ifPresent(v -> {
            if (!v.matches(regex)) {
                throw Rejection.invalid(field(name), "must be " + what);
            }
        });
        return s;
    }

    <E extends Enum<E> & ProtocolMessageEnum> E enumValue(Class<E> type, String name) {
        return optEnum(type, name).orElseThrow(() -> Rejection.invalid(field(name), "is required; one of " + Enums.names(type)));
    }

    <E extends Enum<E> & ProtocolMessageEnum> Optional<E> optEnum(Class<E> type, String name) {
        return optString(name, 64).map(s -> Enums.parse(type, field(name), s));
    }

    Optional<Long> optLong(String name, long min, long max) {
        if (!has(name)) {
            return Optional.empty();
        }
        Object v = json.getValue(name);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw Rejection.invalid(field(name), "must be an integer");
        }
        long l = n.longValue();
        // the double too: longValue() of a BigInteger past 64 bits keeps only its low bits (2^64 + 5 would read as 5)
        if (l < min || l > max || n.doubleValue() < min || n.doubleValue() > max) {
            throw Rejection.invalid(field(name), "must be from " + min + " to " + max);
        }
        return Optional.of(l);
    }

    int integer(String name, int min, int max) {
        return optLong(name, min, max).orElseThrow(() -> Rejection.invalid(field(name), "is required")).intValue();
    }

    Optional<Double> optDouble(String name, double min, double max) {
        if (!has(name)) {
            return Optional.empty();
        }
        Object v = json.getValue(name);
        if (!(v instanceof Number n)) {
            throw Rejection.invalid(field(name), "must be a number");
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw Rejection.invalid(field(name), "must be from " + min + " to " + max);
        }
        return Optional.of(d);
    }

    double number(String name, double min, double max) {
        return optDouble(name, min, max).orElseThrow(() -> Rejection.invalid(field(name), "is required"));
    }

    Optional<Boolean> optBoolean(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        if (!(json.getValue(name) instanceof Boolean b)) {
            throw Rejection.invalid(field(name), "must be true or false");
        }
        return Optional.of(b);
    }

    /** An ISO-8601 instant with an offset ("2026-05-12T06:28:01Z", "...+08:00"), as epoch milliseconds. */
    Optional<Long> optTime(String name) {
        return optString(name, 64).map(s -> parseTime(field(name), s));
    }

    static long parseTime(String field, String s) {
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e2) {
                throw Rejection.invalid(field, "must be an ISO-8601 time with offset, e.g. 2026-05-12T06:28:01Z");
            }
        } catch (ArithmeticException e) {
            // a year such as +999999999 parses, but its instant does not fit in epoch milliseconds
            throw Rejection.invalid(field, "must be an ISO-8601 time with offset, e.g. 2026-05-12T06:28:01Z");
        }
    }

    Optional<JsonReader> optObject(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        if (!(json.getValue(name) instanceof JsonObject o)) {
            throw Rejection.invalid(field(name), "must be an object");
        }
        return Optional.of(new JsonReader(o, field(name)));
    }

    JsonReader object(String name) {
        return optObject(name).orElseThrow(() -> Rejection.invalid(field(name), "is required"));
    }

    Optional<JsonArray> optArray(String name, int maxItems) {
        if (!has(name)) {
            return Optional.empty();
        }
        if (!(json.getValue(name) instanceof JsonArray a)) {
            throw Rejection.invalid(field(name), "must be an array");
        }
        if (a.size() > maxItems) {
            throw Rejection.invalid(field(name), "has more than " + maxItems + " items");
        }
        return Optional.of(a);
    }

    /** Reads every element of an array of objects with {@code read(reader, index)}. */
    <T> List<T> objects(String name, int maxItems, BiFunction<JsonReader, Integer, T> read) {
        List<T> out = new ArrayList<>();
        optArray(name, maxItems).ifPresent(a -> {
            for (int i = 0; i < a.size(); i++) {
                String f = field(name) + "[" + i + "]";
                if (!(a.getValue(i) instanceof JsonObject o)) {
                    throw Rejection.invalid(f, "must be an object");
                }
                out.add(read.apply(new JsonReader(o, f), i));
            }
        });
        return out;
    }

    List<String> strings(String name, int maxItems, int maxLength) {
        List<String> out = new ArrayList<>();
        optArray(name, maxItems).ifPresent(a -> {
            for (int i = 0; i < a.size(); i++) {
                String f = field(name) + "[" + i + "]";
                if (!(a.getValue(i) instanceof String s) || s.isBlank() || s.length() > maxLength) {
                    throw Rejection.invalid(f, "must be a non-empty string of at most " + maxLength + " characters");
                }
                out.add(s);
            }
        });
        return out;
    }

    JsonObject raw() {
        return json;
    }
}
