package org.lantaarn.node.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The places in the node that build a message it publishes, pinned: a new one fails this test until it is routed
 * through the {@link DisclosureGate} (or, for a purely technical message built from configuration alone, named here
 * with the reason). And the places that hand messages on do call the gate.
 */
class EveryPublishedMessageIsBuiltInAKnownPlaceTest {
    private static final Set<String> PUBLISHED = Set.of("org.lantaarn.protocol.Observation", "org.lantaarn.protocol.Gap",
            "org.lantaarn.protocol.Health", "org.lantaarn.protocol.StreamHealth", "org.lantaarn.protocol.Status",
            "org.lantaarn.protocol.ConfigAck", "org.lantaarn.protocol.Privacy");

    /** Who may build a published message, and why that is safe. */
    private static final Map<String, String> BUILDERS = Map.ofEntries(
            Map.entry("org.lantaarn.node.privacy.ProtectedAggregate", "observations of protected windows; gated by StreamPipeline"),
            Map.entry("org.lantaarn.node.privacy.PrivacyGuard", "the privacy object"),
            Map.entry("org.lantaarn.node.privacy.DisclosureGate", "the gate itself"),
            Map.entry("org.lantaarn.node.StreamPipeline", "adds clock flags, builds gaps; both pass gate.release before the outbox"),
            Map.entry("org.lantaarn.node.NodeRuntime", "the birth; passes gate.release"),
            Map.entry("org.lantaarn.node.health.HealthReporter", "health; published through GatedUplink"),
            Map.entry("org.lantaarn.node.health.StreamMonitor", "a stream's state and fault count"),
            Map.entry("org.lantaarn.node.control.ManagedNode", "config acks; published through NodeRuntime.publishConfigAck and the gate"),
            Map.entry("org.lantaarn.node.outbox.Outbox",
                    "gaps for rows it dropped to keep its limits and renumbered copies of gated rows: window bounds, counts of windows"),
            Map.entry("org.lantaarn.node.uplink.mqtt.MqttSession",
                    "the offline status and last will: node id, site and location from the configuration, nothing measured"));

    @Test
    void only_known_classes_build_messages_the_node_publishes() {
        JavaClasses node = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.lantaarn.node");
        Map<String, Set<String>> builders = new TreeMap<>();
        node.forEach(c -> {
            for (JavaCodeUnitAccess<?> call : c.getCodeUnitAccessesFromSelf()) { // calls and method references
                String target = call.getTargetOwner().getName();
                if (PUBLISHED.contains(target) && !c.getName().startsWith("org.lantaarn.protocol")) {
                    boolean builds = call.getName().equals("<init>") || (call.getTarget().getName().matches("offline|none|with.*"));
                    if (builds) {
                        String origin = c.getName().replaceAll("\\$.*", "");
                        builders.computeIfAbsent(origin, k -> new TreeSet<>()).add(call.getTarget().getFullName());
                    }
                }
            }
        });
        assertThat(BUILDERS.keySet()).as("classes allowed to build published messages; found: %s", builders)
                .containsAll(builders.keySet());
        assertThat(builders).as("the gate and the places that use it").containsKeys("org.lantaarn.node.StreamPipeline",
                "org.lantaarn.node.NodeRuntime", "org.lantaarn.node.health.HealthReporter");
    }

    @Test
    void the_pipeline_the_birth_and_the_uplink_pass_the_gate() {
        JavaClasses node = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.lantaarn.node");
        Set<String> callers = new TreeSet<>();
        node.forEach(c -> c.getMethodCallsFromSelf().forEach(call -> {
            if (call.getTargetOwner().isEquivalentTo(DisclosureGate.class) && call.getName().equals("release")) {
                callers.add(c.getName().replaceAll("\\$.*", ""));
            }
        }));
        assertThat(callers).contains("org.lantaarn.node.StreamPipeline", "org.lantaarn.node.NodeRuntime", "org.lantaarn.node.GatedUplink");
    }
}
