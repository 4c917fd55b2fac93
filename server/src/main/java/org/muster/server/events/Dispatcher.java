package org.muster.server.events;

import io.vertx.core.Future;
import org.muster.protocol.v1.Actor;
import org.muster.protocol.v1.ErrorCode;

import org.muster.protocol.v1.TeamStatus;
import org.muster.server.live.LivePicture;
import org.muster.server.store.StoreTransaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The cluster-wide gate in front of {@link DispatchCommands#dispatch}: a team that the live picture shows as not
 * AVAILABLE fails at once, and each team is claimed on its key's owner ({@code ClaimTeam}), so that of many
 * concurrent dispatches of one team through any members one proceeds to the store and the rest are refused without
 * queueing on its row. The store's row lock and status check stay the final word: the claims are released when the
 * store work is done, before commit, and a competitor that slips in then waits on the row and finds the team taken.
 */
public final class Dispatcher {
    static final Duration CLAIM_TTL = Duration.ofSeconds(30);
    private final LivePicture live;
    private final DispatchCommands commands;

    public Dispatcher(LivePicture live, DispatchCommands commands) {
        this.live = live;
        this.commands = commands;
    }

    public Future<DispatchCommands.Dispatched> dispatch(StoreTransaction tx, Actor actor, String incidentId,
                                                        List<String> teamIds, String note) {
        String claimId = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>(new TreeSet<>(teamIds));
        List<String> held = new ArrayList<>();
        Future<Void> gate = Future.succeededFuture();
        for (String id : ids) {
            gate = gate.compose(v -> live.team(id)).compose(team -> {
                if (team.isPresent() && team.get().getStatus() != TeamStatus.TEAM_STATUS_AVAILABLE) {
                    return Future.failedFuture(DispatchCommands.notAvailable(team.get()));
                }
                return live.claimTeam(id, claimId, CLAIM_TTL);
            }).compose(claimed -> {
                if (!claimed) {
                    return Future.failedFuture(new Rejection(ErrorCode.ERROR_CODE_TEAM_NOT_AVAILABLE, "team " + id
                            + " is being dispatched by another request at this moment", "teamIds"));
                }
                held.add(id);
                return Future.succeededFuture();
            });
        }
        return gate.compose(v -> commands.dispatch(tx, actor, incidentId, ids, note))
                .eventually(() -> {
                    List<Future<Boolean>> releases = new ArrayList<>();
                    held.forEach(id -> releases.add(live.releaseTeam(id, claimId)));
                    return Future.join(releases);
                });
    }

}
