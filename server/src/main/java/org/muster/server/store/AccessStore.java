package org.muster.server.store;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What access control keeps in the store: one-time sign-in codes and the audit log. Threading: futures complete on
 * the calling context. A consumed code can never be consumed again, on any member.
 */
public interface AccessStore {

    Future<Void> createLoginLink(LoginLink link);

    /** Marks the code used and returns what it grants, if it exists, is unused and has not expired. */
    Future<Optional<LoginLink>> consumeLoginLink(String codeHash, Instant now);

    /** Appends audit entries in one statement. */
    Future<Void> appendAudit(List<AuditEntry> entries);

    record LoginLink(String codeHash, String subject, String role, List<String> regions, Instant expiresAt, String createdBy) {
        public LoginLink {
            regions = List.copyOf(regions);
        }
    }

    record AuditEntry(Instant at, String subject, String role, String origin, String action, String resource,
                      String outcome, int status, String detail) {
    }
}
