package org.muster.server.events;

import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.ErrorCode;
import org.muster.server.auth.Principal;

/**
 * Region scopes of commands: a token limited to regions may change only what lies in them (a regional centre its own
 * teams; a dispatcher limited to a province that province's incidents and teams). Role checks (who may call what at
 * all) are made where requests arrive; this is the part that needs the entity's current state.
 */
final class Authority {
    private Authority() {
    }

    static boolean covers(Actor actor, String regionCode) {
        return actor.getRole().equals("admin") || actor.getRole().equals("system")
                || Principal.covers(actor.getRegionsList(), regionCode);
    }

    static void checkRegion(Actor actor, String regionCode, String what) {
        if (!covers(actor, regionCode)) {
            throw new Rejection(ErrorCode.ERROR_CODE_FORBIDDEN, actor.getSubject() + " may act only in regions "
                    + actor.getRegionsList() + "; " + what + " is in region " + regionCode);
        }
    }
}
