package org.muster.server.http;

import com.google.protobuf.ProtocolMessageEnum;
import org.muster.server.events.Rejection;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Protobuf enums as the API spells them: the constant without its type prefix ({@code TEAM_STATUS_AVAILABLE} is
 * "AVAILABLE", {@code SEVERITY_II} is "II"). UNSPECIFIED is never accepted nor written.
 */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E> & ProtocolMessageEnum> String name(E value) {
        String n = value.name();
        String prefix = prefix(value.getDeclaringClass());
        return n.startsWith(prefix) ? n.substring(prefix.length()) : n;
    }

    static <E extends Enum<E> & ProtocolMessageEnum> E parse(Class<E> type, String field, String text) {
        String wanted = prefix(type) + text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted) && !isUnset(e)) {
                return e;
            }
        }
        throw Rejection.invalid(field, "'" + text + "' is not one of " + names(type));
    }

    static <E extends Enum<E> & ProtocolMessageEnum> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> !isUnset(e)).map(Enums::name).toList();
    }

    private static <E extends Enum<E>> boolean isUnset(E e) {
        return e.name().endsWith("_UNSPECIFIED") || e.name().equals("UNRECOGNIZED");
    }

    /** TeamStatus -> "TEAM_STATUS_", found from the UNSPECIFIED constant every enum has. */
    private static <E extends Enum<E>> String prefix(Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().endsWith("_UNSPECIFIED")) {
                return e.name().substring(0, e.name().length() - "UNSPECIFIED".length());
            }
        }
        return "";
    }
}
