package org.tilestereo.runtime;

import org.tilestereo.plan.Precision;

import java.nio.file.Path;
import java.util.Objects;
import org.tilestereo.plan.Planner;

/**
 * How a depth model is run.
 *
 * @param runtime        TensorRT, ONNX Runtime, or the first that works
 * @param precision      TensorRT engine precision
 * @param calibration    a folder of images for INT8 calibration; null: the conversion's own input
 * @param engineCache    where engines and calibration tables are kept; null: the default folder
 * @param modelCache     where named models are downloaded to; null: the default folder
 * @param workspaceBytes TensorRT builder workspace limit; 0: the planner's ({@link Planner#ENGINE_WORKSPACE}),
 *                       which it counts in every plan
 */
public record RuntimeOptions(DepthRuntime runtime, Precision precision, Path calibration, Path engineCache,
                             Path modelCache, long workspaceBytes) {

    public static final RuntimeOptions DEFAULT = new RuntimeOptions(DepthRuntime.AUTO, Precision.FP16, null, null, null, 0);

    public RuntimeOptions {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(precision, "precision");
        if (!precision.isEnginePrecision()) {
            throw new IllegalArgumentException("TensorRT engines are built at fp16 or int8, not " + precision.option());
        }
        if (workspaceBytes < 0) {
            throw new IllegalArgumentException("TensorRT workspace must not be negative, got " + workspaceBytes);
        }
    }

    public long workspace() {
        return workspaceBytes > 0 ? workspaceBytes : Planner.ENGINE_WORKSPACE;
    }
}
