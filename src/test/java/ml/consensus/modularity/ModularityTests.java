package ml.consensus.modularity;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The architecture in the folder tree, kept honest: no cycles between the packages under
 * {@code ml.consensus}, and the pure packages (the rules, verification and everything they build on)
 * free of Spring, persistence and the packages that hold the node's state. Each rule is also run on
 * a small fixture that breaks it, so a rule that could never fail would fail here.
 */
class ModularityTests {

    /** Packages that must stay plain Java: the same code verifies a live ledger, an export and a peer's copy. */
    static final String[] PURE = {
        "ml.consensus.hashing..",
        "ml.consensus.policy..",
        "ml.consensus.model..",
        "ml.consensus.ledger..",
        "ml.consensus.validator..",
        "ml.consensus.rules..",
        "ml.consensus.verification..",
        "ml.consensus.refusal..",
        "ml.consensus.privacy.."
    };

    /** What a pure package may not touch: frameworks, persistence, and the node's stateful packages. */
    static final String[] IMPURE = {
        "org.springframework..",
        "jakarta.persistence..",
        "jakarta.servlet..",
        "org.hibernate..",
        "java.sql..",
        "javax.sql..",
        "ml.consensus.storage..",
        "ml.consensus.writer..",
        "ml.consensus.node..",
        "ml.consensus.proposal..",
        "ml.consensus.governance..",
        "ml.consensus.stake..",
        "ml.consensus.history..",
        "ml.consensus.api..",
        "ml.consensus.cli..",
        "ml.consensus.operations.."
    };

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ml.consensus");

    private static final JavaClasses FIXTURE =
            new ClassFileImporter().importPackages("ml.consensus.modularity.fixture");

    static final ArchRule NO_CYCLES =
            slices().matching("ml.consensus.(*)..").should().beFreeOfCycles();

    static final ArchRule PURE_STAYS_PURE = noClasses()
            .that()
            .resideInAnyPackage(PURE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(IMPURE);

    /** Only storage touches the tables: JPA and Spring Data appear nowhere else. */
    static final ArchRule ONLY_STORAGE_PERSISTS = noClasses()
            .that()
            .resideOutsideOfPackage("ml.consensus.storage..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.persistence..", "org.springframework.data..", "org.hibernate..");

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        NO_CYCLES.check(MAIN);
    }

    @Test
    void shouldKeepThePurePackagesFreeOfSpringStorageAndNodeState() {
        PURE_STAYS_PURE.check(MAIN);
    }

    @Test
    void shouldLetOnlyStorageTouchTheTables() {
        ONLY_STORAGE_PERSISTS.check(MAIN);
    }

    @Test
    void shouldFailOnACycleAndOnAnImpureImport() {
        ArchRule fixtureCycles = slices().matching("ml.consensus.modularity.fixture.cycle.(*)..")
                .should()
                .beFreeOfCycles();
        assertThatThrownBy(() -> fixtureCycles.check(FIXTURE)).isInstanceOf(AssertionError.class);
        ArchRule fixturePure = noClasses()
                .that()
                .resideInAnyPackage("ml.consensus.modularity.fixture.impure..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(IMPURE);
        assertThatThrownBy(() -> fixturePure.check(FIXTURE)).isInstanceOf(AssertionError.class);
        assertThatCode(() -> noClasses()
                        .that()
                        .resideInAnyPackage("ml.consensus.modularity.fixture.cycle..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(IMPURE)
                        .check(FIXTURE))
                .doesNotThrowAnyException();
    }
}
