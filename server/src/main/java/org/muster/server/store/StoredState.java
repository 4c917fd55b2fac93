package org.muster.server.store;

import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Team;

import java.util.List;
import java.util.Map;

/**
 * The current state of everything, as the store holds it; what a full-cluster start loads into the live picture.
 * Assignments and alerts are the active ones and those that ended in the last day (what consoles still show).
 */
public record StoredState(
        List<Team> teams,
        List<Incident> incidents,
        List<CapabilityDefinition> capabilities,
        List<EquipmentType> equipmentTypes,
        List<ResponsePlan> responsePlans,
        List<Assignment> assignments,
        List<Alert> alerts,
        List<Device> devices,
        Map<String, Position> latestPositions) {

    public StoredState {
        teams = List.copyOf(teams);
        incidents = List.copyOf(incidents);
        capabilities = List.copyOf(capabilities);
        equipmentTypes = List.copyOf(equipmentTypes);
        responsePlans = List.copyOf(responsePlans);
        assignments = List.copyOf(assignments);
        alerts = List.copyOf(alerts);
        devices = List.copyOf(devices);
        latestPositions = Map.copyOf(latestPositions);
    }
}
