package org.muster.server.live;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Claims a team for one dispatch request while its store transaction runs, on the team key's owner: of any number of
 * concurrent requests for one team, on any members, exactly one gets the claim; the others fail fast with 409
 * without reaching the store. The claim expires by itself (a member that dies mid-dispatch cannot block a team), and
 * the store's row lock and status check remain the final word. {@code claimId == null} releases a claim held by
 * {@code releaseId}.
 */
public final class ClaimTeam implements EntryProcessor<String, String, Boolean>, IdentifiedDataSerializable {
    private static final long serialVersionUID = 1L;
    private String claimId;
    private String releaseId;
    private long ttlMs;

    public ClaimTeam() {
        // for deserialization
    }

    private ClaimTeam(String claimId, String releaseId, long ttlMs) {
        this.claimId = claimId;
        this.releaseId = releaseId;
        this.ttlMs = ttlMs;
    }

    public static ClaimTeam claim(String claimId, long ttlMs) {
        return new ClaimTeam(claimId, null, ttlMs);
    }

    public static ClaimTeam release(String claimId) {
        return new ClaimTeam(null, claimId, 0);
    }

    @Override
    public Boolean process(Map.Entry<String, String> entry) {
        String held = entry.getValue();
        if (claimId == null) {
            if (releaseId.equals(held)) {
                entry.setValue(null);
                return true;
            }
            return false;
        }
        if (held != null && !held.equals(claimId)) {
            return false;
        }
        ((ExtendedMapEntry<String, String>) entry).setValue(claimId, ttlMs, TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public int getFactoryId() {
        return LiveSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LiveSerialization.CLAIM_TEAM;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(claimId);
        out.writeString(releaseId);
        out.writeLong(ttlMs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        claimId = in.readString();
        releaseId = in.readString();
        ttlMs = in.readLong();
    }
}
