package org.tilestereo.runtime;

import org.tilestereo.plan.Precision;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every part of the key changes the entry's file name; the JSON is canonical and escaped. */
class EngineCacheKeyTest {
    static final String SHA = "0123456789abcdef".repeat(4);
    static final ShapeProfile PROFILE = new ShapeProfile(new InputShape(1, 518, 518), new InputShape(4, 518, 518),
            new InputShape(4, 518, 924));

    static EngineCacheKey key() {
        return new EngineCacheKey(SHA, "NVIDIA GeForce RTX 4060", 89, "10.15.1", Precision.FP16, PROFILE, 1L << 30, "");
    }

    @Test
    void theFileNameIsReadableAndStable() {
        EngineCacheKey k = key();
        assertEquals(k.fileName(), key().fileName());
        assertTrue(k.fileName().matches("0123456789ab-sm89-trt10\\.15\\.1-fp16-[0-9a-f]{16}\\.engine"), k.fileName());
        assertEquals("{\"model_sha256\":\"" + SHA + "\",\"gpu\":\"NVIDIA GeForce RTX 4060\",\"compute_capability\":\"8.9\","
                + "\"tensorrt\":\"10.15.1\",\"precision\":\"fp16\",\"profile\":{\"min\":\"1x3x518x518\",\"opt\":\"4x3x518x518\","
                + "\"max\":\"4x3x518x924\"},\"workspace_bytes\":1073741824}", k.toJson());
    }

    @Test
    void everyFieldChangesTheFileName() {
        EngineCacheKey k = key();
        List<EngineCacheKey> variants = List.of(k,
                new EngineCacheKey("f" + SHA.substring(1), k.gpuName(), 89, "10.15.1", Precision.FP16, PROFILE, 1L << 30, ""),
                new EngineCacheKey(SHA, "NVIDIA GeForce RTX 3060", 89, "10.15.1", Precision.FP16, PROFILE, 1L << 30, ""),
                new EngineCacheKey(SHA, k.gpuName(), 86, "10.15.1", Precision.FP16, PROFILE, 1L << 30, ""),
                new EngineCacheKey(SHA, k.gpuName(), 89, "10.16.0", Precision.FP16, PROFILE, 1L << 30, ""),
                new EngineCacheKey(SHA, k.gpuName(), 89, "10.15.1", Precision.INT8, PROFILE, 1L << 30, ""),
                new EngineCacheKey(SHA, k.gpuName(), 89, "10.15.1", Precision.FP16,
                        new ShapeProfile(PROFILE.min(), PROFILE.min(), PROFILE.max()), 1L << 30, ""),
                new EngineCacheKey(SHA, k.gpuName(), 89, "10.15.1", Precision.FP16,
                        new ShapeProfile(PROFILE.min(), PROFILE.opt(), new InputShape(8, 518, 924)), 1L << 30, ""),
                new EngineCacheKey(SHA, k.gpuName(), 89, "10.15.1", Precision.FP16, PROFILE, 1L << 29, ""),
                // INT8 engines calibrated on other images have other scales: another entry each.
                new EngineCacheKey(SHA, k.gpuName(), 89, "10.15.1", Precision.INT8, PROFILE, 1L << 30, "input:" + SHA),
                new EngineCacheKey(SHA, k.gpuName(), 89, "10.15.1", Precision.INT8, PROFILE, 1L << 30, "folder:" + SHA));
        Set<String> names = new HashSet<>();
        Set<String> jsons = new HashSet<>();
        for (EngineCacheKey v : variants) {
            names.add(v.fileName());
            jsons.add(v.toJson());
        }
        assertEquals(variants.size(), names.size(), names.toString());
        assertEquals(variants.size(), jsons.size());
    }

    @Test
    void gpuNamesAreEscapedAndKeysChecked() {
        EngineCacheKey k = new EngineCacheKey(SHA, "odd \"name\" \\ \n", 75, "10.15.1", Precision.FP16, PROFILE, 1, "");
        assertTrue(k.toJson().contains("\"gpu\":\"odd \\\"name\\\" \\\\ \\u000a\""), k.toJson());
        assertThrows(IllegalArgumentException.class,
                () -> new EngineCacheKey("ABC", "g", 75, "10", Precision.FP16, PROFILE, 1, ""));
        assertThrows(IllegalArgumentException.class,
                () -> new EngineCacheKey(SHA, "g", 0, "10", Precision.FP16, PROFILE, 1, ""));
    }
}
