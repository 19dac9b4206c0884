package org.lantaarn.node.privacy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The noise sampler works in integers only: no field, parameter, return type, called method or accessed field of it
 * involves {@code float}, {@code double} or their boxes. (ArchUnit sees signatures, calls and field accesses, not
 * arithmetic on locals; a conversion to a floating type needs one of those or a constant, and the constant pool check
 * below covers the constants.)
 */
class NoFloatingPointOnTheSamplingPathTest {
    private static final Set<String> FLOATING = Set.of("float", "double", "java.lang.Float", "java.lang.Double");

    @Test
    void the_discrete_laplace_sampler_uses_no_floating_point() {
        JavaClasses imported = new ClassFileImporter().importClasses(DiscreteLaplace.class);
        ArchRule rule = classes().that().belongToAnyOf(DiscreteLaplace.class).should(useNoFloatingPoint())
                .because("the noise must be sampled exactly (Canonne, Kamath and Steinke 2020), not by inverting a double");
        rule.check(imported);
    }

    @Test
    void the_rule_catches_a_sampler_that_inverts_a_double() {
        JavaClasses imported = new ClassFileImporter().importClasses(InvertingSampler.class);
        ArchRule rule = classes().that().belongToAnyOf(InvertingSampler.class).should(useNoFloatingPoint());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rule.check(imported)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("double");
    }

    /** What the old sampler did. */
    static final class InvertingSampler {
        private final java.util.random.RandomGenerator random = new java.util.SplittableRandom(1);

        long geometric(double logA) {
            return (long) Math.floor(Math.log(1.0 - random.nextDouble()) / logA);
        }
    }

    private static ArchCondition<JavaClass> useNoFloatingPoint() {
        return new ArchCondition<>("use no float or double") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaField f : c.getFields()) {
                    report(events, c, FLOATING.contains(f.getRawType().getName()), "field " + f.getFullName() + " is floating point");
                }
                for (JavaCodeUnit u : c.getCodeUnits()) {
                    report(events, c, FLOATING.contains(u.getRawReturnType().getName()), u.getFullName() + " returns floating point");
                    u.getRawParameterTypes().forEach(t -> report(events, c, FLOATING.contains(t.getName()),
                            u.getFullName() + " takes a " + t.getName()));
                    for (JavaAccess<?> a : u.getAccessesFromSelf()) {
                        if (a instanceof JavaMethodCall call) {
                            boolean floating = FLOATING.contains(call.getTarget().getRawReturnType().getName())
                                    || call.getTarget().getRawParameterTypes().stream().anyMatch(t -> FLOATING.contains(t.getName()));
                            report(events, c, floating, u.getFullName() + " calls " + call.getTarget().getFullName()
                                    + ", which involves a double or float");
                        }
                        report(events, c, FLOATING.contains(a.getTargetOwner().getName()),
                                u.getFullName() + " uses " + a.getTargetOwner().getName() + " (double)");
                    }
                }
            }
        };
    }

    private static void report(ConditionEvents events, JavaClass c, boolean violated, String message) {
        if (violated) {
            events.add(SimpleConditionEvent.violated(c, message));
        }
    }
}
