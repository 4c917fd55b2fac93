package org.muster.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.auth.Principal;
import org.muster.server.auth.Role;

import java.util.EnumSet;
import java.util.Set;

/** Route-level role checks: which roles may call an operation at all (403 otherwise). Region scopes are the commands'. */
final class Access {
    /** Everyone who reads the situation; devices only send positions. */
    static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.DISPATCHER, Role.REGIONAL_CENTRE, Role.OBSERVER);
    static final Set<Role> TEAM_WRITERS = EnumSet.of(Role.ADMIN, Role.DISPATCHER, Role.REGIONAL_CENTRE);
    static final Set<Role> COMMANDERS = EnumSet.of(Role.ADMIN, Role.DISPATCHER);
    static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);

    private Access() {
    }

    static Handler<RoutingContext> allow(Set<Role> roles) {
        return ctx -> {
            Principal p = ctx.get(Gatekeeper.PRINCIPAL);
            if (p == null || !roles.contains(p.role())) {
                Problems.send(ctx, 403, ErrorCode.ERROR_CODE_FORBIDDEN, "the role " + (p == null ? "(none)" : p.role().claim())
                        + " may not " + ctx.request().method() + " " + ctx.request().path(), null, null);
                return;
            }
            ctx.next();
        };
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(Gatekeeper.PRINCIPAL);
    }
}
