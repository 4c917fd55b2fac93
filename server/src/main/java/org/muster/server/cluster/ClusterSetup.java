package org.muster.server.cluster;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import org.muster.protocol.v1.Alert;
import org.muster.protocol.v1.Assignment;
import org.muster.protocol.v1.CapabilityDefinition;
import org.muster.protocol.v1.Device;
import org.muster.protocol.v1.EquipmentType;
import org.muster.protocol.v1.Incident;
import org.muster.protocol.v1.Position;
import org.muster.protocol.v1.ReplayState;
import org.muster.protocol.v1.ResponsePlan;
import org.muster.protocol.v1.Team;
import org.muster.server.config.MusterConfig;
import org.muster.server.live.LiveMaps;
import org.muster.server.live.LiveSerialization;
import org.muster.server.replay.ReplaySerialization;

/**
 * The Hazelcast configuration of a member: discovery from {@code cluster.members} (TCP/IP, no multicast), the
 * maps vertx-hazelcast needs, the live picture's maps, and stable serialization ids for everything stored.
 */
public final class ClusterSetup {
    // Type ids of Protobuf values in Hazelcast. Never reuse or renumber one: members of two versions must agree.
    static final int TEAM = 1001;
    static final int INCIDENT = 1002;
    static final int EQUIPMENT_TYPE = 1003;
    static final int CAPABILITY = 1004;
    static final int RESPONSE_PLAN = 1005;
    static final int POSITION = 1006;
    static final int ASSIGNMENT = 1007;
    static final int ALERT = 1008;
    static final int DEVICE = 1009;
    static final int REPLAY_STATE = 1010;

    static final String EVENT_THREADS = "hazelcast.event.thread.count";

    private ClusterSetup() {
    }

    /**
     * Threads that deliver map events to listeners. Muster's listeners only hand the event to a queue, Vert.x's cluster
     * manager only marks its subscription table for a throttled refresh, and events of one key keep their order on
     * any number of threads (Hazelcast stripes them by key). Hazelcast's default of 5 spreads the events so thin that
     * nearly every one wakes a sleeping thread: on two cores, one thread took ~11 % less of the member's CPU at 10,000
     * fixes/s (docs/benchmarks.md). One per four cores, at most Hazelcast's 5; {@code -Dhazelcast.event.thread.count=N}
     * decides instead.
     */
    static String eventThreads(String chosen, int cores) {
        return chosen != null ? chosen : Integer.toString(Math.min(5, Math.max(1, cores / 4)));
    }

    public static Config hazelcastConfig(MusterConfig cfg) {
        Config c = new Config();
        c.setClusterName(cfg.clusterName());
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false"); // Main leaves the cluster in order on SIGTERM
        // Notice a dead member within seconds rather than the default minute: consoles and devices fail over.
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        c.setProperty(EVENT_THREADS, eventThreads(System.getProperty(EVENT_THREADS),
                Runtime.getRuntime().availableProcessors()));

        NetworkConfig net = c.getNetworkConfig();
        net.setPort(cfg.clusterPort()).setPortAutoIncrement(true).setPortCount(20);
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        boolean discovering = !cfg.clusterMembers().isEmpty() || cfg.clusterKubernetesServiceDns().isPresent();
        String host = cfg.clusterHost().orElse(discovering ? null : "127.0.0.1");
        if (host != null) {
            net.getInterfaces().setEnabled(true).addInterface(host);
            net.setPublicAddress(host + ":" + cfg.clusterPort());
            c.setProperty("hazelcast.local.localAddress", host);
        }
        // A single member joins nobody: two independent servers on one machine must never merge by accident.
        if (!cfg.clusterMembers().isEmpty()) {
            join.getTcpIpConfig().setEnabled(true);
            cfg.clusterMembers().forEach(m -> join.getTcpIpConfig().addMember(m.toString()));
        }
        // On Kubernetes: the members are the addresses of a headless service (DNS lookup mode: no API access needed)
        cfg.clusterKubernetesServiceDns().ifPresent(dns -> join.getKubernetesConfig().setEnabled(true)
                .setProperty("service-dns", dns).setProperty("service-port", Integer.toString(cfg.clusterPort())));

        // What vertx-hazelcast's default-cluster.xml declares, for the event bus and its HA data.
        c.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        c.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        c.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));

        // The live picture. One synchronous backup: losing one member loses nothing in memory. After a split brain
        // the newest update wins per key, and the view is then reconciled with the store (which is the truth).
        // Split-brain protection: with three or more members listed, a side that sees fewer than a majority of them
        // (after the cluster has once formed) refuses writes to the live maps; reads still work. Its dispatches then
        // fail with 503 (a team claim is a write) instead of racing the majority's. See MajorityOfListed.
        String protection = null;
        int listed = cfg.expectedClusterSize();
        if (listed >= 3) {
            protection = LiveMaps.MAJORITY;
            c.addSplitBrainProtectionConfig(new com.hazelcast.config.SplitBrainProtectionConfig(protection, true)
                    .setFunctionImplementation(new MajorityOfListed(listed))
                    .setProtectOn(com.hazelcast.splitbrainprotection.SplitBrainProtectionOn.WRITE));
        }
        // Live positions change with every fix (tens of thousands a second): kept as objects, an update is stored
        // without being serialized and an entry processor reads the current value without parsing it (the value is
        // serialized once, for the entry event); the other maps change rarely and stay compact as bytes. No map
        // holds JSON, so none needs query metadata (which would serialize each update a second time).
        for (String name : LiveMaps.NAMES) {
            c.addMapConfig(new MapConfig(name)
                    .setBackupCount(1)
                    .setInMemoryFormat(name.equals(LiveMaps.POSITIONS) ? InMemoryFormat.OBJECT : InMemoryFormat.BINARY)
                    .setMetadataPolicy(com.hazelcast.config.MetadataPolicy.OFF)
                    .setMergePolicyConfig(new MergePolicyConfig(LatestUpdateMergePolicy.class.getName(), 100))
                    .setSplitBrainProtectionName(protection)
                    .setPerEntryStatsEnabled(true));
        }

        var ser = c.getSerializationConfig();
        register(ser, Team.class, TEAM, Team.parser());
        register(ser, Incident.class, INCIDENT, Incident.parser());
        register(ser, EquipmentType.class, EQUIPMENT_TYPE, EquipmentType.parser());
        register(ser, CapabilityDefinition.class, CAPABILITY, CapabilityDefinition.parser());
        register(ser, ResponsePlan.class, RESPONSE_PLAN, ResponsePlan.parser());
        register(ser, Position.class, POSITION, Position.parser());
        register(ser, Assignment.class, ASSIGNMENT, Assignment.parser());
        register(ser, Alert.class, ALERT, Alert.parser());
        register(ser, Device.class, DEVICE, Device.parser());
        register(ser, ReplayState.class, REPLAY_STATE, ReplayState.parser());
        ser.addDataSerializableFactory(LiveSerialization.FACTORY_ID, new LiveSerialization());
        ser.addDataSerializableFactory(ReplaySerialization.FACTORY_ID, new ReplaySerialization());
        return c;
    }

    private static <T extends Message> void register(com.hazelcast.config.SerializationConfig ser, Class<T> type,
                                                     int id, Parser<T> parser) {
        ser.addSerializerConfig(new SerializerConfig().setTypeClass(type)
                .setImplementation(new ProtobufSerializer<>(id, parser)));
    }
}
