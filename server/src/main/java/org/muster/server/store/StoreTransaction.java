package org.muster.server.store;

import io.vertx.core.Future;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Team;
import org.muster.protocol.v1.TimelineEvent;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One open transaction of the {@link EventStore}. Not thread-safe: use it from the context that opened it, one
 * call after another (compose), never concurrently.
 */
public interface StoreTransaction {

    /** The team and its last version; a deleted team has no value but keeps its version. */
    Future<Stored<Team>> team(String id, boolean forUpdate);

    Future<Void> putTeam(Team team);

    /** Marks the team deleted at {@code version} (its last state stays in the row). */
    Future<Void> deleteTeam(Team lastState);

    Future<Stored<Incident>> incident(String id, boolean forUpdate);

    Future<Void> putIncident(Incident incident);

    Future<Stored<EquipmentType>> equipmentType(String code, boolean forUpdate);

    Future<Void> putEquipmentType(EquipmentType type);

    Future<Void> deleteEquipmentType(EquipmentType lastState);

    Future<Void> putCapability(CapabilityDefinition capability);

    Future<Stored<ResponsePlan>> responsePlan(String id, boolean forUpdate);

    Future<Void> putResponsePlan(ResponsePlan plan);

    Future<Stored<Assignment>> assignment(String id, boolean forUpdate);

    Future<Void> putAssignment(Assignment assignment);

    /** How many assignments of an incident still hold their teams. */
    Future<Long> activeAssignments(String incidentId);

    Future<Stored<Alert>> alert(String id, boolean forUpdate);

    /** The open (unresolved) alert of this kind for an assignment, locked, if there is one. */
    Future<Optional<Alert>> openAlert(String assignmentId, String kind);

    Future<Void> putAlert(Alert alert);

    Future<Stored<Device>> device(String id, boolean forUpdate);

    /** Stores a device; {@code authCodeHash} (JT/T 808) is kept as it is when null. */
    Future<Void> putDevice(Device device, String authCodeHash);

    /** The stored hash of a JT/T 808 terminal's auth code, if one was issued. */
    Future<Optional<String>> deviceAuthCodeHash(String id);

    /** Appends an event; the returned copy carries its sequence number. */
    Future<TimelineEvent> append(TimelineEvent event);

    /** The events appended so far in this transaction, in order, with their sequence numbers. */
    List<TimelineEvent> appended();

    /**
     * Runs {@code work} so that its failure undoes only its own writes and events (a savepoint); the transaction
     * goes on. For batches whose items succeed or fail one by one.
     */
    <T> Future<T> savepoint(Supplier<Future<T>> work);

    /** The answer remembered for an idempotency key of a principal, if any. */
    Future<Optional<StoredResponse>> storedResponse(String principal, String key);

    Future<Void> storeResponse(String principal, String key, StoredResponse response);

    /** Holds a named lock until the transaction ends; transactions taking the same name run one at a time. */
    Future<Void> lock(String name);

    Future<Optional<String>> fact(String name);

    Future<Void> setFact(String name, String value);

    /**
     * A row as the store holds it: the current value (absent if never created or deleted) and the last version
     * (0 if never created). A new change takes version {@code version() + 1}.
     */
    record Stored<T>(Optional<T> value, long version) {
        public boolean exists() {
            return value.isPresent();
        }
    }

    /** A response kept for an idempotency key: the request's hash, the status and the body sent. */
    record StoredResponse(String requestHash, int status, String body) {
    }
}
