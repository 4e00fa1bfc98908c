package org.tilestereo.runtime;

import java.util.Locale;

/** Which runtime runs the depth model. */
public enum DepthRuntime {
    /** A TensorRT engine on the GPU; an error when TensorRT or the GPU is not usable. */
    TENSORRT,
    /** ONNX Runtime on the CPU. */
    ONNXRUNTIME,
    /** TensorRT where it loads and a GPU is usable, else ONNX Runtime, said in one line. */
    AUTO;

    public static DepthRuntime parse(String s) {
        for (DepthRuntime r : values()) {
            if (r.option().equals(s.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown runtime '" + s + "'; expected tensorrt, onnxruntime or auto");
    }

    /** The spelling --runtime uses. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
