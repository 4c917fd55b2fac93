package org.muster.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.IncidentType;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Severity;
import org.muster.server.events.CatalogueCommands;
import org.muster.server.events.IncidentCommands;
import org.muster.server.events.Rejection;
import org.muster.server.live.LivePicture;

import java.util.Comparator;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The catalogue: {@code /api/v1/capabilities} (reference data), {@code /api/v1/equipment-types} and
 * {@code /api/v1/response-plans} (editable). Read from this member's replica.
 */
final class CatalogueEndpoint implements Endpoint {
    private final LivePicture live;
    private final CatalogueCommands commands;
    private final CommandResponder responder;

    CatalogueEndpoint(LivePicture live, CatalogueCommands commands, CommandResponder responder) {
        this.live = live;
        this.commands = commands;
        this.responder = responder;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/capabilities").handler(Access.allow(Access.READERS)).handler(this::capabilities);
        router.get("/api/v1/equipment-types").handler(Access.allow(Access.READERS)).handler(this::listTypes);
        router.post("/api/v1/equipment-types").handler(Access.allow(Access.ADMINS)).handler(this::createType);
        router.get("/api/v1/equipment-types/:code").handler(Access.allow(Access.READERS)).handler(this::getType);
        router.put("/api/v1/equipment-types/:code").handler(Access.allow(Access.ADMINS)).handler(this::putType);
        router.delete("/api/v1/equipment-types/:code").handler(Access.allow(Access.ADMINS)).handler(this::deleteType);
        router.get("/api/v1/response-plans").handler(Access.allow(Access.READERS)).handler(this::listPlans);
        router.get("/api/v1/response-plans/:id").handler(Access.allow(Access.READERS)).handler(this::getPlan);
        router.put("/api/v1/response-plans/:id").handler(Access.allow(Access.ADMINS)).handler(this::putPlan);
    }

    private void capabilities(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        live.capabilities().stream().sorted(Comparator.comparing(CapabilityDefinition::getCode))
                .forEach(c -> items.add(CatalogueJson.write(c)));
        ctx.json(new JsonObject().put("items", items));
    }

    /** Filters: {@code category} (three-digit prefix of the code, or one digit for the top level), {@code capability}. */
    private void listTypes(RoutingContext ctx) {
        String category = ctx.request().getParam("category");
        if (category != null && !category.matches("\\d{1,7}")) {
            throw Rejection.invalid("category", "must be a code prefix of digits, e.g. 2 or 203");
        }
        String capability = ctx.request().getParam("capability");
        JsonArray items = new JsonArray();
        live.equipmentTypes().stream()
                .filter(t -> category == null || t.getCode().startsWith(category))
                .filter(t -> capability == null || t.getCapabilitiesList().stream().anyMatch(c -> c.getCode().equals(capability)))
                .sorted(Comparator.comparing(EquipmentType::getCode))
                .forEach(t -> items.add(CatalogueJson.write(t, live::capability)));
        ctx.json(new JsonObject().put("items", items));
    }

    private void getType(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        EquipmentType t = live.equipmentType(code).orElseThrow(() -> Rejection.notFound("equipment type", code));
        ctx.response().putHeader("ETag", Requests.etag(t.getVersion()));
        ctx.json(CatalogueJson.write(t, live::capability));
    }

    private void createType(RoutingContext ctx) {
        EquipmentType draft = CatalogueJson.equipmentType(Requests.object(ctx));
        Actor actor = Requests.actor(ctx);
        responder.respond(ctx, tx -> commands.createEquipmentType(tx, actor, draft).map(o -> typeReply(o.value(), 201)));
    }

    private void putType(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        JsonObject body = Requests.object(ctx);
        if (!body.containsKey("code")) {
            body.put("code", code);
        }
        EquipmentType draft = CatalogueJson.equipmentType(body);
        if (!draft.getCode().equals(code)) {
            throw Rejection.invalid("code", "differs from the code in the path (" + code + ")");
        }
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.putEquipmentType(tx, actor, code, draft, ifMatch)
                .map(o -> typeReply(o.value(), o.created() ? 201 : 200)));
    }

    private void deleteType(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.removeEquipmentType(tx, actor, code, ifMatch).map(o -> Reply.json(204, null, Map.of())));
    }

    private Reply typeReply(EquipmentType t, int status) {
        return Reply.json(status, CatalogueJson.write(t, live::capability), Map.of("ETag", Requests.etag(t.getVersion()),
                "Location", "/api/v1/equipment-types/" + t.getCode()));
    }

    /** Filters: {@code type}, {@code severity}. */
    private void listPlans(RoutingContext ctx) {
        String type = ctx.request().getParam("type");
        String severity = ctx.request().getParam("severity");
        IncidentType t = type == null ? null : Enums.parse(IncidentType.class, "type", type);
        Severity s = severity == null ? null : Enums.parse(Severity.class, "severity", severity);
        JsonArray items = new JsonArray();
        live.responsePlans().stream()
                .filter(p -> t == null || p.getType() == t)
                .filter(p -> s == null || p.getSeverity() == s)
                .sorted(Comparator.comparing(ResponsePlan::getType).thenComparing(ResponsePlan::getSeverity))
                .forEach(p -> items.add(CatalogueJson.write(p)));
        ctx.json(new JsonObject().put("items", items));
    }

    private void getPlan(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ResponsePlan p = live.responsePlan(id).orElseThrow(() -> Rejection.notFound("response plan", id));
        ctx.response().putHeader("ETag", Requests.etag(p.getVersion()));
        ctx.json(CatalogueJson.write(p));
    }

    private void putPlan(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ResponsePlan draft = CatalogueJson.responsePlan(Requests.object(ctx));
        String expected = IncidentCommands.planId(draft.getType(), draft.getSeverity());
        if (!expected.equals(id)) {
            throw Rejection.invalid("id", "a plan's id is TYPE-SEVERITY; the body describes " + expected);
        }
        commands.checkRequirements(draft.getRequirementsList(), "requirements");
        Actor actor = Requests.actor(ctx);
        OptionalLong ifMatch = Requests.ifMatch(ctx);
        responder.respond(ctx, tx -> commands.putResponsePlan(tx, actor, draft, ifMatch)
                .map(o -> Reply.json(o.created() ? 201 : 200, CatalogueJson.write(o.value()),
                        Map.of("ETag", Requests.etag(o.value().getVersion())))));
    }
}
