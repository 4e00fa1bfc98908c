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
                // One short clause: without a GPU the backend line has said why already; with one, the
                // first missing TensorRT piece. `tilestereo info` lists everything that is missing.
                String why = !gpu.ok() ? "no usable GPU" : firstClause(tensorRt.reason());
                yield new RuntimeSelection(DepthRuntime.ONNXRUNTIME, "runtime: onnxruntime on the CPU (auto: " + why
                        + "; tilestereo info says more)");
            }
        };
    }

    /** A reason up to its first ';' or ' (': "missing libnvinfer.so.10 (TensorRT 10), ..." keeps "missing libnvinfer.so.10". */
    static String firstClause(String reason) {
        int cut = reason.length();
        for (String stop : new String[] {"; ", " (", ", "}) {
            int at = reason.indexOf(stop);
            if (at > 0) cut = Math.min(cut, at);
        }
        return reason.substring(0, cut);
    }
}
