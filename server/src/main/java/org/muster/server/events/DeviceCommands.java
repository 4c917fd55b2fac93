package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.DeviceProtocol;
import org.muster.protocol.v1.DeviceRegistered;
import org.muster.protocol.v1.DeviceUnregistered;
import org.muster.protocol.v1.ErrorCode;
import org.muster.protocol.v1.Team;
import org.muster.server.store.StoreTransaction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * The device registry: a device is bound to one team, speaks one protocol, and may be the team's primary device
 * (whose fixes the team's live position prefers). Only registered devices are heard; a JT/T 808 terminal must also
 * present the auth code it was given when it registered.
 */
public final class DeviceCommands {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock;

    public DeviceCommands(Clock clock) {
        this.clock = clock;
    }

    public record Outcome(Device device, boolean created) {
    }

    /** Creates or replaces a device's registration (PUT semantics). */
    public Future<Outcome> register(StoreTransaction tx, Actor actor, Device draft, OptionalLong ifMatch) {
        long now = clock.millis();
        return tx.team(draft.getTeamId(), false).compose(team -> {
            Team t = team.value().orElseThrow(() -> Rejection.invalid("teamId", "team " + draft.getTeamId() + " does not exist"));
            Authority.checkRegion(actor, t.getRegionCode(), "team " + t.getId());
            return tx.device(draft.getId(), true).compose(stored -> {
                TeamCommands.checkIfMatch(ifMatch, stored.version(), stored.exists());
                stored.value().ifPresent(old -> {
                    if (!old.getTeamId().equals(draft.getTeamId())) {
                        Authority.checkRegion(actor, old.getRegionCode(), "device " + old.getId());
                    }
                });
                Device d = draft.toBuilder().setRegionCode(t.getRegionCode()).setVersion(stored.version() + 1)
                        .setRegisteredMs(stored.value().map(Device::getRegisteredMs).orElse(now)).setDeleted(false).build();
                if (stored.exists() && stored.value().get().toBuilder().setVersion(d.getVersion()).build().equals(d)) {
                    return Future.succeededFuture(new Outcome(stored.value().get(), false));
                }
                return tx.putDevice(d, null)
                        .compose(v -> tx.append(Events.envelope(actor, now, d.getTeamId(), null)
                                .setDeviceRegistered(DeviceRegistered.newBuilder().setDevice(d)).build()))
                        .map(e -> new Outcome(d, !stored.exists()));
            });
        });
    }

    public Future<Device> unregister(StoreTransaction tx, Actor actor, String id, OptionalLong ifMatch) {
        long now = clock.millis();
        return tx.device(id, true).compose(stored -> {
            Device d = stored.value().orElseThrow(() -> Rejection.notFound("device", id));
            TeamCommands.checkIfMatch(ifMatch, stored.version(), true);
            Authority.checkRegion(actor, d.getRegionCode(), "device " + id);
            Device tombstone = d.toBuilder().setDeleted(true).setVersion(stored.version() + 1).build();
            return tx.putDevice(tombstone, null)
                    .compose(v -> tx.append(Events.envelope(actor, now, d.getTeamId(), null)
                            .setDeviceUnregistered(DeviceUnregistered.newBuilder().setDevice(tombstone)).build()))
                    .map(e -> tombstone);
        });
    }

    /**
     * A JT/T 808 terminal registering (0x0100): a registered terminal gets a fresh auth code (kept only as a hash);
     * an unknown one gets nothing.
     */
    public Future<String> issueAuthCode(StoreTransaction tx, String terminalId) {
        return tx.device(terminalId, true).compose(stored -> {
            Device d = stored.value().filter(x -> x.getProtocol() == DeviceProtocol.DEVICE_PROTOCOL_JT808)
                    .orElseThrow(() -> new Rejection(ErrorCode.ERROR_CODE_UNKNOWN_DEVICE, "terminal " + terminalId + " is not registered"));
            byte[] b = new byte[12];
            RANDOM.nextBytes(b);
            String code = HexFormat.of().formatHex(b);
            return tx.putDevice(d, hash(code)).map(code);
        });
    }

    /** True when the terminal is registered and presents the auth code it was last given. */
    public Future<Boolean> checkAuthCode(StoreTransaction tx, String terminalId, String code) {
        return tx.deviceAuthCodeHash(terminalId).map(h -> h.isPresent() && MessageDigest.isEqual(
                h.get().getBytes(StandardCharsets.US_ASCII), hash(code).getBytes(StandardCharsets.US_ASCII)));
    }

    static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
