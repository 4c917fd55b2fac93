package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.muster.protocol.v1.CapabilityCapacity;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.IncidentType;
import org.muster.protocol.v1.Requirement;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Severity;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.Optional;

/**
 * JSON of the catalogue: capability definitions, equipment types, response plans and requirements. The built-in
 * catalogue under {@code catalogue/} is written in the same shapes, so it is read by the same code.
 */
final class CatalogueJson {
    static final String CODE_PATTERN = "[A-Z][A-Z0-9_]{0,63}";

    private CatalogueJson() {
    }

    static CapabilityDefinition capability(JsonObject body) {
        JsonReader r = JsonReader.of(body).only(Set.of("code", "nameZh", "nameEn", "unit"));
        return CapabilityDefinition.newBuilder()
                .setCode(r.matching("code", CODE_PATTERN, "UPPER_SNAKE_CASE"))
                .setNameZh(r.string("nameZh", 200))
                .setNameEn(r.string("nameEn", 200))
                .setUnit(r.string("unit", 16))
                .build();
    }

    static JsonObject write(CapabilityDefinition c) {
        return new JsonObject().put("code", c.getCode()).put("nameZh", c.getNameZh()).put("nameEn", c.getNameEn())
                .put("unit", c.getUnit());
    }

    /** An equipment type; its code comes from the body (POST) or the path (PUT), checked by the caller. */
    static EquipmentType equipmentType(JsonObject body) {
        JsonReader r = JsonReader.of(body).only(Set.of("code", "nameZh", "nameEn", "categoryCode", "capabilities",
                "description", "version", "updatedAt"));
        EquipmentType.Builder b = EquipmentType.newBuilder()
                .setCode(r.matching("code", "[123]\\d{6}", "seven digits, the first 1, 2 or 3 (GB/T 38565 levels)"))
                .setNameZh(r.string("nameZh", 200).strip())
                .setNameEn(r.string("nameEn", 200).strip());
        r.optString("description", 2000).ifPresent(b::setDescription);
        b.addAllCapabilities(r.objects("capabilities", 50, (c, i) -> {
            c.only(Set.of("code", "capacity", "unit"));
            return CapabilityCapacity.newBuilder()
                    .setCode(c.matching("code", CODE_PATTERN, "a capability code"))
                    .setCapacity(c.number("capacity", 0.000001, 1e9))
                    .build();
        }));
        return b.build();
    }

    static JsonObject write(EquipmentType t, Function<String, Optional<CapabilityDefinition>> defs) {
        JsonArray caps = new JsonArray();
        t.getCapabilitiesList().forEach(c -> caps.add(new JsonObject().put("code", c.getCode()).put("capacity", c.getCapacity())
                .put("unit", defs.apply(c.getCode()).map(CapabilityDefinition::getUnit).orElse(null))));
        return new JsonObject()
                .put("code", t.getCode())
                .put("nameZh", t.getNameZh())
                .put("nameEn", t.getNameEn())
                .put("categoryCode", t.getCategoryCode())
                .put("capabilities", caps)
                .put("description", t.getDescription().isEmpty() ? null : t.getDescription())
                .put("version", t.getVersion())
                .put("updatedAt", TeamJson.time(t.getUpdatedMs()));
    }

    static ResponsePlan responsePlan(JsonObject body) {
        JsonReader r = JsonReader.of(body).only(Set.of("id", "type", "severity", "nameZh", "nameEn", "requirements",
                "version", "updatedAt"));
        return ResponsePlan.newBuilder()
                .setType(r.enumValue(IncidentType.class, "type"))
                .setSeverity(r.enumValue(Severity.class, "severity"))
                .setNameZh(r.string("nameZh", 200).strip())
                .setNameEn(r.string("nameEn", 200).strip())
                .addAllRequirements(requirements(r, "requirements"))
                .build();
    }

    static JsonObject write(ResponsePlan p) {
        return new JsonObject()
                .put("id", p.getId())
                .put("type", Enums.name(p.getType()))
                .put("severity", Enums.name(p.getSeverity()))
                .put("nameZh", p.getNameZh())
                .put("nameEn", p.getNameEn())
                .put("requirements", requirements(p.getRequirementsList()))
                .put("version", p.getVersion())
                .put("updatedAt", TeamJson.time(p.getUpdatedMs()));
    }

    static List<Requirement> requirements(JsonReader r, String name) {
        return r.objects(name, 100, (q, i) -> {
            q.only(Set.of("capabilityCode", "quantity", "arriveWithinS", "note", "unit"));
            Requirement.Builder b = Requirement.newBuilder()
                    .setCapabilityCode(q.matching("capabilityCode", CODE_PATTERN, "a capability code"))
                    .setQuantity(q.number("quantity", 0.000001, 1e9));
            q.optLong("arriveWithinS", 0, 30L * 86_400).ifPresent(s -> b.setArriveWithinS(s.intValue()));
            q.optString("note", 500).ifPresent(b::setNote);
            return b.build();
        });
    }

    static JsonArray requirements(List<Requirement> rs) {
        JsonArray a = new JsonArray();
        rs.forEach(q -> a.add(new JsonObject()
                .put("capabilityCode", q.getCapabilityCode())
                .put("quantity", q.getQuantity())
                .put("arriveWithinS", q.getArriveWithinS())
                .put("note", q.getNote().isEmpty() ? null : q.getNote())));
        return a;
    }
}
