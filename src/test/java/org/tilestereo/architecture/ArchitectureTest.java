package org.tilestereo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of tilestereo point one way (see the README's "Layout of the source"):
 * <pre>
 * tools (bench, selftest)  and  application (cli, api)
 *   -> run (run, video: a run's resources and stages)
 *     -> frame program (pipeline), depth and its runtimes (depth, runtime, models), plans (plan)
 *       -> operators (kernels and their Java reference, cuda)
 *         -> memory, image, io, onnx
 * </pre>
 * Checked on the compiled classes (production code only), so an import that breaks a rule fails here.
 */
class ArchitectureTest {
    private static final String ROOT = "org.tilestereo";
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theFoundationDependsOnNothingAbove() {
        noClasses().that().resideInAnyPackage(pkgs("memory", "image", "io", "onnx"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("kernels", "cuda", "pipeline", "depth", "runtime", "models",
                        "plan", "run", "video", "api", "cli", "bench", "selftest"))
                .check(classes);
    }

    @Test
    void theOperatorsDependOnlyOnTheFoundation() {
        noClasses().that().resideInAnyPackage(pkgs("kernels", "cuda"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("pipeline", "depth", "runtime", "models", "plan", "run",
                        "video", "api", "cli", "bench", "selftest"))
                .check(classes);
    }

    @Test
    void theFrameProgramDepthAndPlansDoNotReachUp() {
        noClasses().that().resideInAnyPackage(pkgs("pipeline", "depth", "runtime", "models", "plan"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("run", "video", "api", "cli", "bench", "selftest"))
                .check(classes);
    }

    /**
     * Nothing above the operators names a backend: the frame program, depth sources, plans, the run,
     * video and the conversions take the operator interface, and device backends are found by their
     * option (kernels.DeviceBackend). Only the tools and the command line's diagnostics (info,
     * selftest) and TensorRT, itself a CUDA runtime, name the CUDA classes.
     */
    @Test
    void theFrameProgramNamesNoBackend() {
        noClasses().that().resideInAnyPackage(pkgs("pipeline", "depth", "plan", "run", "video", "api", "models"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("cuda"))
                .check(classes);
    }

    @Test
    void theRunDoesNotReachTheApplication() {
        noClasses().that().resideInAnyPackage(pkgs("run", "video"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("api", "cli", "bench", "selftest"))
                .check(classes);
        noClasses().that().resideInAnyPackage(pkgs("api"))
                .should().dependOnClassesThat().resideInAnyPackage(pkgs("cli", "bench", "selftest"))
                .check(classes);
    }

    private static String[] pkgs(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = ROOT + "." + names[i] + "..";
        }
        return out;
    }
}
