package org.muster.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.server.events.CatalogueCommands;
import org.muster.server.events.CommandRunner;
import org.muster.server.live.LivePicture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The catalogue that ships with Muster (resources {@code catalogue/*.json}, in the API's JSON shapes): capability
 * definitions, equipment types and a response plan for every scenario and severity. Loaded into the store once, at
 * the first start of a store; afterwards it is edited through the API.
 */
public final class BuiltInCatalogue {
    private static final Logger LOG = LoggerFactory.getLogger(BuiltInCatalogue.class);
    private final CommandRunner runner;
    private final CatalogueCommands commands;
    private final LivePicture live;

    public BuiltInCatalogue(CommandRunner runner, CatalogueCommands commands, LivePicture live) {
        this.runner = runner;
        this.commands = commands;
        this.live = live;
    }

    public static List<CapabilityDefinition> capabilities() {
        return read("catalogue/capabilities.json", CatalogueJson::capability);
    }

    public static List<EquipmentType> equipmentTypes() {
        return read("catalogue/equipment-types.json", CatalogueJson::equipmentType);
    }

    public static List<ResponsePlan> responsePlans() {
        return read("catalogue/response-plans.json", CatalogueJson::responsePlan);
    }

    /** Seeds the store and the live picture if this store never had a catalogue. */
    public Future<Void> seedIfFirstStart() {
        List<CapabilityDefinition> caps = capabilities();
        List<EquipmentType> types = equipmentTypes();
        List<ResponsePlan> plans = responsePlans();
        Actor system = Actor.newBuilder().setSubject("system").setRole("system").setOrigin("built-in catalogue").build();
        return runner.run(tx -> commands.seed(tx, system, caps, types, plans)).compose(seeded -> {
            if (!seeded) {
                return Future.succeededFuture();
            }
            LOG.info("built-in catalogue loaded [capabilities: {}, equipmentTypes: {}, responsePlans: {}]",
                    caps.size(), types.size(), plans.size());
            return live.putCapabilities(caps);
        });
    }

    private static <T> List<T> read(String resource, Function<JsonObject, T> parse) {
        try (InputStream in = BuiltInCatalogue.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            JsonArray a = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<T> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                out.add(parse.apply(a.getJsonObject(i).copy()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
