package org.muster.server.store;

import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Team;

import java.util.List;

/** The current state of everything, as the store holds it; what a full-cluster start loads into the live picture. */
public record StoredState(
        List<Team> teams,
        List<Incident> incidents,
        List<CapabilityDefinition> capabilities,
        List<EquipmentType> equipmentTypes,
        List<ResponsePlan> responsePlans) {

    public StoredState {
        teams = List.copyOf(teams);
        incidents = List.copyOf(incidents);
        capabilities = List.copyOf(capabilities);
        equipmentTypes = List.copyOf(equipmentTypes);
        responsePlans = List.copyOf(responsePlans);
    }
}
