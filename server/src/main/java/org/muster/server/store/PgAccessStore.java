package org.muster.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link AccessStore} on PostgreSQL. */
public final class PgAccessStore implements AccessStore {
    private final Pool pool;

    public PgAccessStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<Void> createLoginLink(LoginLink l) {
        return pool.preparedQuery("""
                        INSERT INTO login_links (code_hash, subject, role, regions, expires_at, created_by)
                        VALUES ($1, $2, $3, $4, $5, $6)""")
                .execute(Tuple.of(l.codeHash(), l.subject(), l.role(), String.join(",", l.regions()),
                        PgEventStore.utc(l.expiresAt()), l.createdBy()))
                .mapEmpty();
    }

    @Override
    public Future<Optional<LoginLink>> consumeLoginLink(String codeHash, Instant now) {
        return pool.preparedQuery("""
                        UPDATE login_links SET used_at = $2
                        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
                        RETURNING subject, role, regions, expires_at, created_by""")
                .execute(Tuple.of(codeHash, PgEventStore.utc(now)))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row r = it.next();
                    String regions = r.getString("regions");
                    return Optional.of(new LoginLink(codeHash, r.getString("subject"), r.getString("role"),
                            regions.isEmpty() ? List.of() : Arrays.asList(regions.split(",")),
                            r.getOffsetDateTime("expires_at").toInstant(), r.getString("created_by")));
                });
    }

    @Override
    public Future<Void> appendAudit(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            batch.add(Tuple.from(Arrays.asList(PgEventStore.utc(e.at()), e.subject(), e.role(), e.origin(), e.action(),
                    e.resource(), e.outcome(), e.status(), e.detail())));
        }
        return pool.preparedQuery("""
                        INSERT INTO audit_log (at, subject, role, origin, action, resource, outcome, status, detail)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
                .executeBatch(batch)
                .mapEmpty();
    }
}
