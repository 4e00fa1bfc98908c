package org.tilestereo.trt;

import org.tilestereo.depth.DepthException;

/**
 * The depth runtime a run uses, and the one line that says which and why when the choice was
 * automatic. Pure: it takes what the probes found, so every branch is testable anywhere.
 */
public record RuntimeSelection(DepthRuntime runtime, String line) {

    public static RuntimeSelection choose(DepthRuntime requested, Availability tensorRt, Availability gpu) throws DepthException {
        switch (requested) {
            case ONNXRUNTIME:
                return new RuntimeSelection(DepthRuntime.ONNXRUNTIME, "runtime: onnxruntime (asked for)");
            case TENSORRT:
                if (!gpu.ok() && tensorRt.ok()) {
                    throw new DepthException("--runtime tensorrt: " + gpu.reason() + " (TensorRT runs on an NVIDIA GPU; use --runtime onnxruntime)");
                }
                if (!tensorRt.ok()) {
                    throw new DepthException("--runtime tensorrt: " + (gpu.ok() ? "" : gpu.reason() + "; ") + tensorRt.reason()
                            + " (" + TensorRtProbe.ADVICE + ")");
                }
                return new RuntimeSelection(DepthRuntime.TENSORRT, "runtime: tensorrt (asked for; " + tensorRt.what() + " on " + gpu.what() + ")");
            default:
                if (tensorRt.ok() && gpu.ok()) {
                    return new RuntimeSelection(DepthRuntime.TENSORRT,
                            "runtime: tensorrt (auto: " + tensorRt.what() + " loads and " + gpu.what() + " is usable)");
                }
                StringBuilder why = new StringBuilder();
                if (!gpu.ok()) {
                    why.append(gpu.reason());
                }
                if (!tensorRt.ok()) {
                    why.append(why.length() > 0 ? "; " : "").append(tensorRt.reason());
                }
                return new RuntimeSelection(DepthRuntime.ONNXRUNTIME, "runtime: onnxruntime on the CPU (auto: " + why + ")");
        }
    }
}
