package org.tilestereo.runtime;

import org.tilestereo.plan.Precision;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.depth.DepthException;

/** Every branch of the runtime choice, and the choice this machine gets from its real probes. */
class RuntimeSelectionTest {
    private static final Availability TRT = Availability.yes("TensorRT 10.15.1");
    private static final Availability GPU = Availability.yes("NVIDIA GeForce RTX 4060 (sm_89)");
    private static final Availability NO_TRT = Availability.no("TensorRT unavailable: libnvinfer.so.10 not found");
    private static final Availability NO_GPU = Availability.no("no usable GPU: no NVIDIA driver");

    @Test
    void autoPrefersTensorRtAndSaysWhy() throws DepthException {
        RuntimeSelection s = RuntimeSelection.choose(DepthRuntime.AUTO, TRT, GPU);
        assertEquals(DepthRuntime.TENSORRT, s.runtime());
        assertEquals("runtime: tensorrt (auto: TensorRT 10.15.1 loads and NVIDIA GeForce RTX 4060 (sm_89) is usable)", s.line());
    }

    @Test
    void autoFallsBackToOnnxRuntimeAndSaysWhy() throws DepthException {
        RuntimeSelection s = RuntimeSelection.choose(DepthRuntime.AUTO, NO_TRT, GPU);
        assertEquals(DepthRuntime.ONNXRUNTIME, s.runtime());
        assertEquals("runtime: onnxruntime on the CPU (auto: TensorRT unavailable: libnvinfer.so.10 not found;"
                + " tilestereo info says more)", s.line());
        // Without a GPU the backend line has said why; the runtime line says only that.
        s = RuntimeSelection.choose(DepthRuntime.AUTO, TRT, NO_GPU);
        assertEquals(DepthRuntime.ONNXRUNTIME, s.runtime());
        assertEquals("runtime: onnxruntime on the CPU (auto: no usable GPU; tilestereo info says more)", s.line());
        s = RuntimeSelection.choose(DepthRuntime.AUTO, NO_TRT, NO_GPU);
        assertEquals("runtime: onnxruntime on the CPU (auto: no usable GPU; tilestereo info says more)", s.line());
        assertEquals(1, s.line().lines().count());
    }

    @Test
    void explicitChoices() throws DepthException {
        assertEquals(DepthRuntime.ONNXRUNTIME, RuntimeSelection.choose(DepthRuntime.ONNXRUNTIME, TRT, GPU).runtime());
        assertEquals(DepthRuntime.TENSORRT, RuntimeSelection.choose(DepthRuntime.TENSORRT, TRT, GPU).runtime());
        DepthException e = assertThrows(DepthException.class, () -> RuntimeSelection.choose(DepthRuntime.TENSORRT, NO_TRT, GPU));
        assertEquals("--runtime tensorrt: TensorRT unavailable: libnvinfer.so.10 not found (see TensorRT in the README, or use"
                + " --runtime onnxruntime)", e.getMessage());
        e = assertThrows(DepthException.class, () -> RuntimeSelection.choose(DepthRuntime.TENSORRT, TRT, NO_GPU));
        assertEquals("--runtime tensorrt: no usable GPU: no NVIDIA driver (TensorRT runs on an NVIDIA GPU; use --runtime onnxruntime)",
                e.getMessage());
        e = assertThrows(DepthException.class, () -> RuntimeSelection.choose(DepthRuntime.TENSORRT, NO_TRT, NO_GPU));
        assertEquals("--runtime tensorrt: no usable GPU: no NVIDIA driver; TensorRT unavailable: libnvinfer.so.10 not found"
                + " (see TensorRT in the README, or use --runtime onnxruntime)", e.getMessage());
    }

    @Test
    void parsing() {
        assertEquals(DepthRuntime.TENSORRT, DepthRuntime.parse("TensorRT"));
        assertEquals(DepthRuntime.ONNXRUNTIME, DepthRuntime.parse("onnxruntime"));
        assertEquals(Precision.INT8, Precision.parseEngine("int8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DepthRuntime.parse("cuda")).getMessage()
                .contains("expected tensorrt, onnxruntime or auto"));
        assertThrows(IllegalArgumentException.class, () -> Precision.parseEngine("fp32"));
    }

    /** Whatever this machine has, auto picks accordingly; without a GPU or TensorRT it is ONNX Runtime with a reason. */
    @Test
    void thisMachine() throws DepthException {
        Availability gpu = Availability.gpuOf(CudaProbe.probe());
        Availability trt = Availability.of(TensorRtProbe.status());
        RuntimeSelection s = DepthModels.select(DepthRuntime.AUTO);
        System.out.println("this machine: " + s.line());
        if (gpu.ok() && trt.ok()) {
            assertEquals(DepthRuntime.TENSORRT, s.runtime());
        } else {
            assertEquals(DepthRuntime.ONNXRUNTIME, s.runtime());
            assertTrue(s.line().startsWith("runtime: onnxruntime on the CPU (auto: "), s.line());
            String why = (gpu.ok() ? "" : gpu.reason()) + (trt.ok() ? "" : trt.reason());
            assertFalse(why.isBlank());
            if (!gpu.ok()) assertTrue(s.line().contains("no usable GPU"), s.line());
            else assertTrue(s.line().contains(RuntimeSelection.firstClause(trt.reason())), s.line());
            assertTrue(s.line().length() < 120, "one short line: " + s.line());
            DepthException e = assertThrows(DepthException.class, () -> DepthModels.select(DepthRuntime.TENSORRT));
            assertTrue(e.getMessage().startsWith("--runtime tensorrt: ") && e.getMessage().contains("--runtime onnxruntime"), e.getMessage());
        }
        assertEquals(DepthRuntime.ONNXRUNTIME, DepthModels.select(DepthRuntime.ONNXRUNTIME).runtime());
    }
}
