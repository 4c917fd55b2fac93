package org.muster.server.auth;

import java.util.Arrays;
import java.util.Optional;

/** The roles of CONTRACT.md, as the {@code role} claim of a token spells them. */
public enum Role {
    /** Everything, including the catalogue and issuing tokens. */
    ADMIN("admin"),
    /** Reads everything; commands incidents and dispatch (within its regions, if the token lists any). */
    DISPATCHER("dispatcher"),
    /** Reads teams and the catalogue; writes only the teams of its own regions. */
    REGIONAL_CENTRE("regional-centre"),
    /** Sends only its own positions. */
    DEVICE("device"),
    /** Reads; joins consultation sessions. */
    OBSERVER("observer");

    private final String claim;

    Role(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }

    public static Optional<Role> fromClaim(String claim) {
        return Arrays.stream(values()).filter(r -> r.claim.equals(claim)).findFirst();
    }
}
