package org.muster.server.cluster;

import com.hazelcast.config.Config;
import org.junit.jupiter.api.Test;
import org.muster.server.config.ConfigException;
import org.muster.server.config.ConfigLoader;
import org.muster.server.config.MusterConfig;
import org.muster.server.live.LiveMaps;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the configuration becomes Hazelcast's: discovery and split-brain protection. */
class ClusterSetupTest {

    private static Config hazelcast(Map<String, String> env) {
        MusterConfig cfg = ConfigLoader.load(Optional.empty(), env);
        return ClusterSetup.hazelcastConfig(cfg);
    }

    @Test
    void eventThreadsAreOnePerFourCoresAtMostFiveUnlessTheOperatorChose() {
        assertThat(ClusterSetup.eventThreads(null, 2)).isEqualTo("1");
        assertThat(ClusterSetup.eventThreads(null, 8)).isEqualTo("2");
        assertThat(ClusterSetup.eventThreads(null, 64)).isEqualTo("5");
        assertThat(ClusterSetup.eventThreads("3", 2)).isEqualTo("3");
        Config c = ClusterSetup.hazelcastConfig(ConfigLoader.load(Optional.empty(), Map.of()));
        assertThat(c.getProperty(ClusterSetup.EVENT_THREADS)).isEqualTo(ClusterSetup.eventThreads(
                System.getProperty(ClusterSetup.EVENT_THREADS), Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void aSingleMemberJoinsNobodyAndHasNoProtection() {
        Config c = hazelcast(Map.of());
        assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
        assertThat(c.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isFalse();
        assertThat(c.getSplitBrainProtectionConfigs()).doesNotContainKey(LiveMaps.MAJORITY);
    }

    @Test
    void listedMembersAreJoinedByTcpAndAMajorityOfThemTakesWrites() {
        Config c = hazelcast(Map.of("MUSTER_CLUSTER_MEMBERS", "10.0.0.1:5701,10.0.0.2:5701,10.0.0.3:5701"));
        assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).hasSize(3);
        assertThat(c.getSplitBrainProtectionConfigs().get(LiveMaps.MAJORITY).isEnabled()).isTrue();
    }

    @Test
    void onKubernetesMembersAreFoundThroughTheHeadlessServiceAndTheSizeIsConfigured() {
        Config c = hazelcast(Map.of("MUSTER_CLUSTER_KUBERNETES_SERVICE_DNS", "muster-cluster.default.svc.cluster.local",
                "MUSTER_CLUSTER_SIZE", "3"));
        var k8s = c.getNetworkConfig().getJoin().getKubernetesConfig();
        assertThat(k8s.isEnabled()).isTrue();
        assertThat(k8s.getProperty("service-dns")).isEqualTo("muster-cluster.default.svc.cluster.local");
        assertThat(k8s.getProperty("service-port")).isEqualTo("5701");
        assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
        assertThat(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(c.getSplitBrainProtectionConfigs().get(LiveMaps.MAJORITY).isEnabled()).isTrue();
        assertThat(c.getNetworkConfig().getInterfaces().isEnabled()).as("binds where Kubernetes gives it an address").isFalse();
    }

    @Test
    void kubernetesDiscoveryAndAMemberListTogetherAreRefused() {
        assertThatThrownBy(() -> hazelcast(Map.of("MUSTER_CLUSTER_KUBERNETES_SERVICE_DNS", "muster-cluster",
                "MUSTER_CLUSTER_MEMBERS", "10.0.0.1:5701")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.kubernetes.service.dns");
    }
}
