package org.tilestereo.runtime;

import org.tilestereo.plan.Precision;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.tilestereo.models.Sha256;

/**
 * What a serialized TensorRT engine was built from and for. An engine only runs on the GPU model
 * and TensorRT version it was built with, and it is only the network it was built from at the
 * precision, shapes and workspace it was tuned for; every one of these is part of the key.
 *
 * @param modelSha256       SHA-256 of the ONNX file
 * @param gpuName           the device name, e.g. "NVIDIA GeForce RTX 4060"
 * @param computeCapability e.g. 89 for sm_89
 * @param tensorRtVersion   e.g. "10.15.1"
 * @param workspaceBytes    the builder's workspace limit
 * @param calibration       what an INT8 engine was calibrated on (the images' hash); "" for an engine without calibration
 */
public record EngineCacheKey(String modelSha256, String gpuName, int computeCapability, String tensorRtVersion,
                             Precision precision, ShapeProfile profile, long workspaceBytes, String calibration) {
    public EngineCacheKey {
        Objects.requireNonNull(modelSha256, "modelSha256");
        Objects.requireNonNull(gpuName, "gpuName");
        Objects.requireNonNull(tensorRtVersion, "tensorRtVersion");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(calibration, "calibration");
        if (!modelSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("engine cache key: model SHA-256 must be 64 lower-case hex digits, got '" + modelSha256 + "'");
        }
        if (computeCapability <= 0 || workspaceBytes <= 0) {
            throw new IllegalArgumentException("engine cache key: compute capability and workspace must be positive, got "
                    + computeCapability + " and " + workspaceBytes);
        }
    }

    /** The key as canonical JSON (fixed field order, no spaces): stored in the entry and compared byte for byte. */
    public String toJson() {
        return "{\"model_sha256\":\"" + modelSha256 + "\""
                + ",\"gpu\":" + quote(gpuName)
                + ",\"compute_capability\":\"" + computeCapability / 10 + "." + computeCapability % 10 + "\""
                + ",\"tensorrt\":" + quote(tensorRtVersion)
                + ",\"precision\":\"" + precision.option() + "\""
                + ",\"profile\":{\"min\":\"" + profile.min() + "\",\"opt\":\"" + profile.opt() + "\",\"max\":\"" + profile.max() + "\"}"
                + ",\"workspace_bytes\":" + workspaceBytes
                + (calibration.isEmpty() ? "" : ",\"calibration\":" + quote(calibration)) + "}";
    }

    /**
     * The entry's file name: readable parts (model, GPU architecture, TensorRT, precision) and a
     * hash of the whole key, so that any difference in the key gives another file.
     */
    public String fileName() {
        String hash = Sha256.of(toJson().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return String.format(Locale.ROOT, "%s-sm%d-trt%s-%s-%s.engine", modelSha256.substring(0, 12), computeCapability,
                tensorRtVersion.replaceAll("[^A-Za-z0-9.]", "_"), precision.option(), hash);
    }

    /** One line for messages. */
    public String summary() {
        return precision.option() + " engine of model " + modelSha256.substring(0, 12) + " for " + gpuName + " (sm_"
                + computeCapability + "), TensorRT " + tensorRtVersion + ", " + profile;
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
