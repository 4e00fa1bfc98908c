package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The probe never throws; load failures become short reasons that name the missing library. */
class TensorRtProbeTest {

    @Test
    void theProbeAnswersAndNeverThrows() {
        TensorRtProbe.Status s = TensorRtProbe.status();
        assertSame(s, TensorRtProbe.status(), "probed once");
        System.out.println("TensorRT here: " + s.summary());
        if (s.loaded()) {
            assertTrue(s.version().matches("10\\.\\d+\\.\\d+"), s.version());
            assertEquals("", s.reason());
        } else {
            assertFalse(s.reason().isBlank());
            assertFalse(s.reason().contains("\n"));
            assertTrue(s.summary().startsWith("TensorRT unavailable: ") && s.summary().endsWith(
                    "(see TensorRT in the README, or use --runtime onnxruntime)"), s.summary());
        }
    }

    @Test
    void reasonsNameTheMissingLibrary() {
        UnsatisfiedLinkError dependency = new UnsatisfiedLinkError(
                "/root/.javacpp/cache/tensorrt-linux-x86_64.jar/org/bytedeco/tensorrt/linux-x86_64/libjninvinfer.so: "
                        + "libnvinfer.so.10: cannot open shared object file: No such file or directory");
        UnsatisfiedLinkError outer = new UnsatisfiedLinkError("no jninvinfer in java.library.path: /usr/lib");
        outer.initCause(dependency);
        assertEquals("libnvinfer.so.10 not found", TensorRtProbe.explain(outer));

        NoClassDefFoundError driver = new NoClassDefFoundError("Could not initialize class org.bytedeco.cuda.global.cudart");
        driver.initCause(new UnsatisfiedLinkError("/tmp/libjnicudart.so: libcuda.so.1: cannot open shared object file"));
        assertEquals("libcuda.so.1 not found", TensorRtProbe.explain(driver));

        assertEquals("JNI library jninvinfer not found",
                TensorRtProbe.explain(new UnsatisfiedLinkError("no jninvinfer in java.library.path: /usr/lib")));
        assertEquals("something else", TensorRtProbe.explain(new IllegalStateException("something\n else")));
    }

    /** The version comes from getInferLibVersion (in every 10.x), and one older than the API used is refused in one line. */
    @Test
    void versionsBeforeTheApiInUseAreRefused() {
        TensorRtProbe.Status ok = TensorRtProbe.checkVersion(10_15_01);
        assertTrue(ok.loaded(), ok.reason());
        assertEquals("10.15.1", ok.version());
        TensorRtProbe.Status old = TensorRtProbe.checkVersion(10_00_01);
        assertFalse(old.loaded());
        assertTrue(old.reason().startsWith("TensorRT 10.0.1 is older than 10.1.0"), old.reason());
        assertTrue(old.summary().contains("see TensorRT in the README"), old.summary());
    }

    /** A cached engine TensorRT could not load for want of memory is kept; only another format or version deletes it. */
    @Test
    void outOfMemoryIsToldApartFromABadEngine() {
        assertTrue(TensorRtDepthModel.outOfMemory("[runtime.cpp::allocate] Error Code 1: Cuda Runtime (out of memory)"));
        assertTrue(TensorRtDepthModel.outOfMemory("cudaErrorMemoryAllocation"));
        assertFalse(TensorRtDepthModel.outOfMemory("Serialization assertion stdVersionRead == kSERIALIZATION_VERSION failed"));
    }
}
