package org.tilestereo.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tilestereo.cuda.Gpu;
import org.tilestereo.image.RgbImage;
import org.tilestereo.kernels.StereoKernels;
import org.tilestereo.kernels.java.JavaKernels;
import org.tilestereo.testing.CliRun;

class SelfTestTest {
    /** The reference against itself: every operator and layout is checked, and all agree. */
    @Test
    void theReferenceAgreesWithItselfOnEveryCheck() {
        List<SelfTest.Check> checks = SelfTest.frame(new JavaKernels(), 37, 23, 5);
        assertEquals(17, checks.size(), checks::toString);
        assertTrue(checks.stream().allMatch(SelfTest.Check::passed), checks::toString);
    }

    /** An implementation that leaves one pixel of the backward warp unwritten is caught, by name. */
    @Test
    void aMismatchIsReportedWithWhereItIs() {
        JavaKernels reference = new JavaKernels();
        StereoKernels broken = (StereoKernels) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StereoKernels.class}, (proxy, method, args) -> {
                    Object result = method.invoke(reference, args);
                    if (method.getName().equals("warpBackward")) {
                        ((RgbImage) args[3]).data()[4] ^= 0x40;
                    }
                    return result;
                });
        List<SelfTest.Check> failed = SelfTest.frame(broken, 37, 23, 5).stream().filter(c -> !c.passed()).toList();
        assertEquals(1, failed.size(), failed::toString);
        assertEquals("warp_backward 37x23", failed.get(0).name());
        assertTrue(failed.get(0).detail().startsWith("byte 4 is "), failed.get(0).detail());
        assertFalse(failed.get(0).toString().startsWith("ok"));
    }

    /** The command on the test device (the software device without a GPU): one line per check, exit 0. */
    @Test
    void theCommandChecksTheCudaBackendHere() {
        Gpu.require();
        CliRun r = CliRun.of("selftest", "--backend", Gpu.backendOption(), "--frame", "96x64");
        System.out.println(r.out());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("ok    warp_forward disparity 640x360"), r.out());
        assertTrue(r.out().contains("time  one 96x64 frame"), r.out());
        assertTrue(r.out().strip().endsWith("68 passed, 0 failed"), r.out());
    }

    @Test
    void aBackendItCannotCheckIsAUsageError() {
        CliRun r = CliRun.of("selftest", "--backend", "cpu");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--backend: expected cuda or cuda-emulated"), r.err());
    }
}
