package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.CapabilityCapacity;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.EquipmentTypeChanged;
import org.muster.protocol.v1.Requirement;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.ResponsePlanChanged;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TeamUpdated;
import org.muster.server.live.LivePicture;
import org.muster.server.store.StoreTransaction;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Commands on the catalogue: equipment types and response plans. When an equipment type's capacities change, every
 * team holding it gets its capabilities derived again in the same transaction, so matching never works from stale
 * figures. Capability definitions are reference data: seeded, not edited through commands.
 */
public final class CatalogueCommands {
    private static final String SEEDED = "catalogue.seeded";
    private final LivePicture live;
    private final Clock clock;

    public CatalogueCommands(LivePicture live, Clock clock) {
        this.live = live;
        this.clock = clock;
    }

    public record Outcome<T>(T value, boolean created, boolean changed) {
    }

    /** POST /equipment-types: creates a type; an existing code is a conflict. */
    public Future<Outcome<EquipmentType>> createEquipmentType(StoreTransaction tx, Actor actor, EquipmentType draft) {
        return tx.equipmentType(draft.getCode(), true).compose(stored -> {
            if (stored.exists()) {
                throw Rejection.conflict("equipment type " + draft.getCode() + " exists already; use PUT to replace it");
            }
            return putEquipmentType(tx, actor, draft.getCode(), draft, OptionalLong.empty());
        });
    }

    /** PUT /equipment-types/{code}: creates or replaces a type. */
    public Future<Outcome<EquipmentType>> putEquipmentType(StoreTransaction tx, Actor actor, String code, EquipmentType draft,
                                                          OptionalLong ifMatch) {
        long now = clock.millis();
        return tx.equipmentType(code, true).compose(stored -> {
            TeamCommands.checkIfMatch(ifMatch, stored.version(), stored.exists());
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < draft.getCapabilitiesCount(); i++) {
                CapabilityCapacity c = draft.getCapabilities(i);
                String field = "capabilities[" + i + "].code";
                CapabilityDefinition def = live.capability(c.getCode()).orElseThrow(() -> Rejection.invalid(field,
                        "unknown capability " + c.getCode() + " (see GET /api/v1/capabilities)"));
                if (TeamRules.SKILL_UNIT.equals(def.getUnit()) || TeamRules.PERSONNEL.equals(def.getCode())) {
                    throw Rejection.invalid(field, c.getCode() + " belongs to teams (a skill or staffing), not to equipment");
                }
                if (!seen.add(c.getCode())) {
                    throw Rejection.invalid(field, "capability " + c.getCode() + " is listed twice");
                }
            }
            EquipmentType candidate = draft.toBuilder().setCode(code).setCategoryCode(code.substring(0, 3))
                    .setVersion(stored.version()).setUpdatedMs(stored.value().map(EquipmentType::getUpdatedMs).orElse(0L))
                    .setDeleted(false).build();
            if (stored.exists() && Changes.fields(stored.value().get(), candidate).isEmpty()) {
                return Future.succeededFuture(new Outcome<>(stored.value().get(), false, false));
            }
            EquipmentType type = candidate.toBuilder().setVersion(stored.version() + 1).setUpdatedMs(now).build();
            return tx.putEquipmentType(type)
                    .compose(v -> tx.append(Events.envelope(actor, now, null, null)
                            .setEquipmentTypeChanged(EquipmentTypeChanged.newBuilder().setEquipmentType(type)).build()))
                    .compose(e -> rederiveTeams(tx, actor, code, Optional.of(type), now))
                    .map(v -> new Outcome<>(type, !stored.exists(), true));
        });
    }

    /** DELETE /equipment-types/{code}: refused while a team holds the type. */
    public Future<Outcome<EquipmentType>> removeEquipmentType(StoreTransaction tx, Actor actor, String code, OptionalLong ifMatch) {
        long now = clock.millis();
        return tx.equipmentType(code, true).compose(stored -> {
            EquipmentType current = stored.value().orElseThrow(() -> Rejection.notFound("equipment type", code));
            TeamCommands.checkIfMatch(ifMatch, stored.version(), true);
            List<Team> holders = holders(code);
            if (!holders.isEmpty()) {
                throw Rejection.conflict("equipment type " + code + " is held by " + holders.size()
                        + " team(s), e.g. " + holders.get(0).getId() + "; remove it from their equipment first");
            }
            EquipmentType tombstone = current.toBuilder().setDeleted(true).setVersion(stored.version() + 1).setUpdatedMs(now).build();
            return tx.deleteEquipmentType(tombstone)
                    .compose(v -> tx.append(Events.envelope(actor, now, null, null)
                            .setEquipmentTypeChanged(EquipmentTypeChanged.newBuilder().setEquipmentType(tombstone).setRemoved(true)).build()))
                    .map(e -> new Outcome<>(tombstone, false, true));
        });
    }

    /** PUT /response-plans/{id}: replaces a plan's names and requirements; type and severity follow from the id. */
    public Future<Outcome<ResponsePlan>> putResponsePlan(StoreTransaction tx, Actor actor, ResponsePlan draft, OptionalLong ifMatch) {
        long now = clock.millis();
        String id = IncidentCommands.planId(draft.getType(), draft.getSeverity());
        return tx.responsePlan(id, true).compose(stored -> {
            TeamCommands.checkIfMatch(ifMatch, stored.version(), stored.exists());
            checkRequirements(draft.getRequirementsList(), "requirements");
            ResponsePlan candidate = draft.toBuilder().setId(id).setVersion(stored.version())
                    .setUpdatedMs(stored.value().map(ResponsePlan::getUpdatedMs).orElse(0L)).build();
            if (stored.exists() && Changes.fields(stored.value().get(), candidate).isEmpty()) {
                return Future.succeededFuture(new Outcome<>(stored.value().get(), false, false));
            }
            ResponsePlan plan = candidate.toBuilder().setVersion(stored.version() + 1).setUpdatedMs(now).build();
            return tx.putResponsePlan(plan)
                    .compose(v -> tx.append(Events.envelope(actor, now, null, null)
                            .setResponsePlanChanged(ResponsePlanChanged.newBuilder().setPlan(plan)).build()))
                    .map(e -> new Outcome<>(plan, !stored.exists(), true));
        });
    }

    /**
     * Loads a whole catalogue (the built-in one at first start): capability definitions, then types and plans checked
     * against those definitions. Writes events for types and plans like their commands do. Returns false, changing
     * nothing, when the store says a catalogue was seeded before.
     */
    public Future<Boolean> seed(StoreTransaction tx, Actor actor, List<CapabilityDefinition> capabilities,
                                List<EquipmentType> types, List<ResponsePlan> plans) {
        long now = clock.millis();
        java.util.Map<String, CapabilityDefinition> byCode = new java.util.HashMap<>();
        capabilities.forEach(c -> byCode.put(c.getCode(), c));
        return tx.lock(SEEDED).compose(v -> tx.fact(SEEDED)).compose(seeded -> {
            if (seeded.isPresent()) {
                return Future.succeededFuture(false);
            }
            Future<Void> chain = Future.succeededFuture();
            for (CapabilityDefinition c : capabilities) {
                chain = chain.compose(x -> tx.putCapability(c));
            }
            for (EquipmentType t : types) {
                for (CapabilityCapacity c : t.getCapabilitiesList()) {
                    if (!byCode.containsKey(c.getCode())) {
                        throw new IllegalStateException("built-in type " + t.getCode() + " names unknown capability " + c.getCode());
                    }
                }
                EquipmentType type = t.toBuilder().setCategoryCode(t.getCode().substring(0, 3)).setVersion(1).setUpdatedMs(now).build();
                chain = chain.compose(x -> tx.putEquipmentType(type)).compose(x -> tx.append(Events.envelope(actor, now, null, null)
                        .setEquipmentTypeChanged(EquipmentTypeChanged.newBuilder().setEquipmentType(type)).build())).mapEmpty();
            }
            for (ResponsePlan p : plans) {
                for (Requirement r : p.getRequirementsList()) {
                    if (!byCode.containsKey(r.getCapabilityCode())) {
                        throw new IllegalStateException("built-in plan names unknown capability " + r.getCapabilityCode());
                    }
                }
                ResponsePlan plan = p.toBuilder().setId(IncidentCommands.planId(p.getType(), p.getSeverity()))
                        .setVersion(1).setUpdatedMs(now).build();
                chain = chain.compose(x -> tx.putResponsePlan(plan)).compose(x -> tx.append(Events.envelope(actor, now, null, null)
                        .setResponsePlanChanged(ResponsePlanChanged.newBuilder().setPlan(plan)).build())).mapEmpty();
            }
            return chain.compose(x -> tx.setFact(SEEDED, java.time.Instant.ofEpochMilli(now).toString())).map(true);
        });
    }

    /** Requirements must name known capabilities. */
    public void checkRequirements(List<Requirement> requirements, String field) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requirements.size(); i++) {
            Requirement r = requirements.get(i);
            String f = field + "[" + i + "].capabilityCode";
            if (live.capability(r.getCapabilityCode()).isEmpty()) {
                throw Rejection.invalid(f, "unknown capability " + r.getCapabilityCode() + " (see GET /api/v1/capabilities)");
            }
            if (!seen.add(r.getCapabilityCode())) {
                throw Rejection.invalid(f, "capability " + r.getCapabilityCode() + " is required twice; add the quantities");
            }
        }
    }

    /** Stores a capability definition (seeding of reference data; no event). */
    public Future<Void> putCapability(StoreTransaction tx, CapabilityDefinition def) {
        return tx.putCapability(def);
    }

    private List<Team> holders(String typeCode) {
        return live.teams().stream()
                .filter(t -> t.getEquipmentList().stream().anyMatch(i -> i.getTypeCode().equals(typeCode)))
                .toList();
    }

    /** Derives again the capabilities of every team holding {@code typeCode}, one event per team that changed. */
    private Future<Void> rederiveTeams(StoreTransaction tx, Actor actor, String typeCode, Optional<EquipmentType> type, long now) {
        Future<Void> chain = Future.succeededFuture();
        for (Team holder : holders(typeCode)) {
            chain = chain.compose(v -> tx.team(holder.getId(), true)).compose(stored -> {
                if (stored.value().isEmpty()) {
                    return Future.<Void>succeededFuture();
                }
                Team current = stored.value().get();
                Team derived = TeamRules.withCapabilities(current,
                        code -> code.equals(typeCode) ? type : live.equipmentType(code), live::capability);
                if (derived.getCapabilitiesList().equals(current.getCapabilitiesList())) {
                    return Future.<Void>succeededFuture();
                }
                Team team = derived.toBuilder().setVersion(current.getVersion() + 1).setUpdatedMs(now).build();
                return tx.putTeam(team).compose(x -> tx.append(Events.envelope(actor, now, team.getId(), null)
                        .setTeamUpdated(TeamUpdated.newBuilder().setTeam(team).addChanged("capabilities")).build())).mapEmpty();
            });
        }
        return chain;
    }
}
