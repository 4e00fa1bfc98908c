package org.tilestereo.depth;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.tilestereo.onnx.OnnxModel;
import org.tilestereo.plan.MemoryModel;
import org.tilestereo.plan.Precision;
import org.tilestereo.plan.RuntimeRules;

/** What a model on the host needs, by arithmetic, against what the machine has. */
final class HostMemory {
    private HostMemory() {
    }

    /** The machine's physical memory, or 0 where the JVM cannot tell. */
    static long physicalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /**
     * The peak of live activations of the shape's larger run (the tile batch or the whole-frame pass)
     * at FP32 under ONNX Runtime's rules; 0 when the graph cannot be modelled (the model check has
     * already passed it, so that is not expected).
     */
    static long activationBytes(Path model, DepthStage.Shape shape) {
        try {
            MemoryModel m = MemoryModel.of(OnnxModel.read(model));
            long need = m.activationsWithInPlaceReuse(shape.batch(), shape.input().height(), shape.input().width(),
                    Precision.FP32, RuntimeRules.ONNX_RUNTIME_CPU).peakBytes();
            if (shape.alignInput() != null) {
                need = Math.max(need, m.activationsWithInPlaceReuse(1, shape.alignInput().height(), shape.alignInput().width(),
                        Precision.FP32, RuntimeRules.ONNX_RUNTIME_CPU).peakBytes());
            }
            return need;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
