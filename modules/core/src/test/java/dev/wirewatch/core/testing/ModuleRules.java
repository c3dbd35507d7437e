package dev.wirewatch.core.testing;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The import rules of DESIGN.md's module table and the checkable rules of STYLE.md, as ArchUnit rules that each
 * module's {@code ModuleRulesTest} runs on its own production classes.
 *
 * <p>A module's classes live in {@code dev.wirewatch.<module>}; a rule failure names the class and the dependency.
 */
public final class ModuleRules {

    private static final String ROOT = "dev.wirewatch.";

    /** Each module and the Wirewatch modules it may use: DESIGN.md's "may depend on" plus the broker module. */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "core", Set.of(),
            "matcher", Set.of("core"),
            "broker", Set.of("core"),
            "article", Set.of("core"),
            "collector", Set.of("core", "article"),
            "tagger", Set.of("core", "matcher"),
            "alerter", Set.of("core"),
            "console", Set.of("core", "matcher", "article"),
            "launcher", Set.of("core", "matcher", "broker", "article", "collector", "tagger", "alerter", "console", "bench"),
            "bench", Set.of("core", "matcher", "broker", "article", "collector", "tagger", "alerter", "console", "launcher"));

    /** Collections that a static field must not hold: a static field is a constant, never a cache or registry. */
    private static final List<Class<?>> MUTABLE_COLLECTIONS = List.of(ArrayList.class, LinkedList.class,
            ArrayDeque.class, HashMap.class, LinkedHashMap.class, TreeMap.class, IdentityHashMap.class, WeakHashMap.class,
            ConcurrentHashMap.class, HashSet.class, LinkedHashSet.class, TreeSet.class, CopyOnWriteArrayList.class,
            ConcurrentLinkedQueue.class);

    private ModuleRules() {
    }

    /**
     * Checks every rule on the production classes of {@code module} found on the class path (its own
     * {@code target/classes} in its own tests).
     *
     * @throws AssertionError naming each broken rule and each offending class
     */
    public static void check(String module) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // code that JMH's annotation processor writes is not ours to style
                .withImportOption(location -> !location.contains("/jmh_generated/"))
                .importPackages(ROOT + module);
        if (classes.isEmpty()) {
            throw new AssertionError("No classes of the " + module + " module on the class path");
        }
        List<String> failures = new ArrayList<>();
        for (ArchRule rule : rules(module)) {
            EvaluationResult result = rule.evaluate(classes);
            if (result.hasViolation()) {
                failures.add(result.getFailureReport().toString());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n\n", failures));
        }
    }

    /** The rules for one module. */
    static List<ArchRule> rules(String module) {
        Set<String> allowed = MAY_USE.get(module);
        if (allowed == null) {
            throw new IllegalArgumentException("Unknown module " + module + "; known: " + MAY_USE.keySet());
        }
        String own = ROOT + module + "..";
        List<ArchRule> rules = new ArrayList<>();
        String[] forbidden = MAY_USE.keySet().stream().filter(m -> !m.equals(module) && !allowed.contains(m))
                .sorted().map(m -> ROOT + m + "..").toArray(String[]::new);
        if (forbidden.length > 0) {
            rules.add(noClasses().that().resideInAPackage(own)
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because("DESIGN.md: " + module + " may depend on " + (allowed.isEmpty() ? "no other Wirewatch module"
                            : allowed.stream().sorted().collect(Collectors.joining(", ")))));
        }
        rules.add(noClasses().that().resideInAPackage(own)
                .should().dependOnClassesThat(resideInAPackage("dev.wirewatch..internal..").and(not(resideInAPackage(own))))
                .because("STYLE.md: internal packages are for their own module"));
        rules.add(noClasses().should().resideInAnyPackage("dev.wirewatch..util..", "dev.wirewatch..utils..")
                .because("STYLE.md: no utils package that collects everything; a concept lives with its module")
                .allowEmptyShould(true));
        rules.add(fields().that().areStatic().should().beFinal()
                .because("STYLE.md: no mutable statics").allowEmptyShould(true));
        rules.add(noFields().that().areStatic()
                .should().haveRawType(describe("a mutable collection",
                        c -> MUTABLE_COLLECTIONS.stream().anyMatch(c::isEquivalentTo)))
                .because("STYLE.md: no mutable statics").allowEmptyShould(true));
        return rules;
    }
}
