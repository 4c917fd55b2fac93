package org.muster.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;

import java.util.Collection;

/**
 * Split-brain protection for clusters that list their members: writes to the live maps are allowed while this
 * member sees a majority of the listed members, and refused when it sees fewer after the cluster has reached a
 * majority once. Before that (a cluster still forming: the first member loads the picture alone, the others join
 * one by one) writes are allowed, or a cluster could never start. The cost: a member that starts alone inside a
 * minority partition writes until it first sees a majority; the store, which every command commits to first, still
 * holds the truth, and the view is reconciled with it after the merge.
 */
final class MajorityOfListed implements SplitBrainProtectionFunction {
    private final int majority;
    private volatile boolean formed;

    MajorityOfListed(int listedMembers) {
        this.majority = listedMembers / 2 + 1;
    }

    @Override
    public boolean apply(Collection<Member> members) {
        if (members.size() >= majority) {
            formed = true;
            return true;
        }
        return !formed;
    }
}
