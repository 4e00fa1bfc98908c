package org.tilestereo.runtime;

import org.tilestereo.depth.DepthException;

/**
 * The depth runtime a run uses, and the one line that says which and why when the choice was
 * automatic. Pure: it takes what the probes found, so every branch is testable anywhere.
 */
public record RuntimeSelection(DepthRuntime runtime, String line) {

    public static RuntimeSelection choose(DepthRuntime requested, Availability tensorRt, Availability gpu) throws DepthException {
        // A switch expression: a new runtime fails to compile until it is chosen here.
        return switch (requested) {
            case ONNXRUNTIME -> new RuntimeSelection(DepthRuntime.ONNXRUNTIME, "runtime: onnxruntime (asked for)");
            case TENSORRT -> {
                if (!gpu.ok() && tensorRt.ok()) {
                    throw new DepthException("--runtime tensorrt: " + gpu.reason() + " (TensorRT runs on an NVIDIA GPU; use --runtime onnxruntime)");
                }
                if (!tensorRt.ok()) {
                    throw new DepthException("--runtime tensorrt: " + (gpu.ok() ? "" : gpu.reason() + "; ") + tensorRt.reason()
                            + " (" + TensorRtProbe.ADVICE + ")");
                }
                yield new RuntimeSelection(DepthRuntime.TENSORRT, "runtime: tensorrt (asked for; " + tensorRt.what() + " on " + gpu.what() + ")");
            }
            case AUTO -> {
                if (tensorRt.ok() && gpu.ok()) {
                    yield new RuntimeSelection(DepthRuntime.TENSORRT,
                            "runtime: tensorrt (auto: " + tensorRt.what() + " loads and " + gpu.what() + " is usable)");
                }
                StringBuilder why = new StringBuilder();
                if (!gpu.ok()) {
                    why.append(gpu.reason());
                }
                if (!tensorRt.ok()) {
                    why.append(why.length() > 0 ? "; " : "").append(tensorRt.reason());
                }
                yield new RuntimeSelection(DepthRuntime.ONNXRUNTIME, "runtime: onnxruntime on the CPU (auto: " + why + ")");
            }
        };
    }
}
