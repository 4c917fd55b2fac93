package org.muster.server.live;

import java.util.List;

/** Names of the Hazelcast maps that hold the live picture. Keys are entity ids (codes for catalogue entries). */
public final class LiveMaps {
    public static final String TEAMS = "muster.teams";
    public static final String POSITIONS = "muster.positions";
    public static final String INCIDENTS = "muster.incidents";
    public static final String ASSIGNMENTS = "muster.assignments";
    public static final String ALERTS = "muster.alerts";
    public static final String DEVICES = "muster.devices";
    public static final String EQUIPMENT_TYPES = "muster.equipment-types";
    public static final String CAPABILITIES = "muster.capabilities";
    public static final String RESPONSE_PLANS = "muster.response-plans";
    /** Short-lived claims on teams while a dispatch is being committed (see {@link ClaimTeam}). */
    public static final String TEAM_CLAIMS = "muster.team-claims";
    /** Consultation sessions (replays), shared by every member their participants are connected to. */
    public static final String REPLAYS = "muster.replays";
    /** Facts about the picture itself, such as when it was loaded from the store. */
    public static final String META = "muster.meta";

    /** The split-brain protection of these maps: writes need a majority of the listed members (MajorityOfListed). */
    public static final String MAJORITY = "muster-majority";

    public static final List<String> NAMES = List.of(TEAMS, POSITIONS, INCIDENTS, ASSIGNMENTS, ALERTS, DEVICES,
            EQUIPMENT_TYPES, CAPABILITIES, RESPONSE_PLANS, TEAM_CLAIMS, REPLAYS, META);

    private LiveMaps() {
    }
}
