package org.tilestereo.models;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The depth models --model accepts by name. The built-in entries are facts about public files
 * (address, size, SHA-256); a mirror (system property {@value #MIRROR_PROPERTY} or environment
 * variable {@value #MIRROR_ENV}) replaces the {@value #HUGGING_FACE} prefix of their addresses, for
 * networks that reach Hugging Face through a mirror. Tests build registries of their own.
 */
public final class ModelRegistry {
    public static final String MIRROR_PROPERTY = "tilestereo.models.mirror";
    public static final String MIRROR_ENV = "TILESTEREO_MODEL_MIRROR";
    static final String HUGGING_FACE = "https://huggingface.co";

    private final Map<String, NamedModel> models = new LinkedHashMap<>();

    public ModelRegistry(List<NamedModel> entries) {
        for (NamedModel m : entries) {
            if (models.putIfAbsent(m.name(), m) != null) {
                throw new IllegalArgumentException("model registry: the name " + m.name() + " is used twice");
            }
        }
    }

    /** The built-in models, with the mirror applied when one is set. */
    public static ModelRegistry builtIn() {
        return builtIn(System.getProperty(MIRROR_PROPERTY, System.getenv(MIRROR_ENV)));
    }

    /** The built-in models fetched from a mirror of Hugging Face (null: from Hugging Face). */
    public static ModelRegistry builtIn(String mirror) {
        List<NamedModel> entries = new ArrayList<>();
        for (NamedModel m : BUILT_IN) {
            entries.add(mirror == null || mirror.isBlank() ? m : mirrored(m, mirror.strip()));
        }
        return new ModelRegistry(entries);
    }

    static NamedModel mirrored(NamedModel m, String mirror) {
        String url = m.url().toString();
        if (!url.startsWith(HUGGING_FACE + "/")) {
            return m;
        }
        String base = mirror.endsWith("/") ? mirror.substring(0, mirror.length() - 1) : mirror;
        return m.withUrl(URI.create(base + url.substring(HUGGING_FACE.length())));
    }

    public Optional<NamedModel> find(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(models.keySet()));
    }

    public List<NamedModel> all() {
        return List.copyOf(models.values());
    }

    /*
     * Sources of the facts below (read from the Git LFS pointers Hugging Face publishes):
     * - small: huggingface.co/onnx-community/depth-anything-v2-small, onnx/model.onnx, LFS pointer
     *   "oid sha256:afb6a5c2... size 99060839" (blame view of the file at commit f7421df; the file is
     *   unchanged in later revisions). Transformers.js export: input pixel_values [batch,3,height,width]
     *   with dynamic height and width, ImageNet normalisation, output predicted_depth [batch,height,width].
     * - base, large: huggingface.co/yuvraj108c/Depth-Anything-2-Onnx, pointers added by commits
     *   2d309d93 (vitb: "oid sha256:83c9029c... size 391328137") and 288ad59b (vitl: "oid
     *   sha256:a8779462... size 1341282174"); pinned to revision 288ad59b, where both exist.
     * Licences: Depth Anything V2 Small is Apache-2.0; Base and Large are CC-BY-NC-4.0.
     */
    private static final List<NamedModel> BUILT_IN = List.of(
            new NamedModel("depth-anything-v2-small",
                    URI.create(HUGGING_FACE + "/onnx-community/depth-anything-v2-small/resolve/"
                            + "64fe43eba7f8a384b02fe3fadaa26cbba35548d8/onnx/model.onnx"),
                    99_060_839L, "afb6a5c28f3b6bf1618c6e43f02073ef9dfdc70e937502d51603e57b0a1df10c",
                    "depth-anything-v2-small.onnx", "Apache-2.0",
                    "onnx-community/depth-anything-v2-small onnx/model.onnx (Git LFS pointer)"),
            new NamedModel("depth-anything-v2-base",
                    URI.create(HUGGING_FACE + "/yuvraj108c/Depth-Anything-2-Onnx/resolve/"
                            + "288ad59b2f714a7d30fceb8e3ba6e94919ed6ec4/depth_anything_v2_vitb.onnx"),
                    391_328_137L, "83c9029c09d03d05ee3259405a8e09d7ade7bd663f29f2b7b8c0b06f5f09e554",
                    "depth-anything-v2-base.onnx", "CC-BY-NC-4.0 (non-commercial use only)",
                    "yuvraj108c/Depth-Anything-2-Onnx depth_anything_v2_vitb.onnx (Git LFS pointer, commit 2d309d93)"),
            new NamedModel("depth-anything-v2-large",
                    URI.create(HUGGING_FACE + "/yuvraj108c/Depth-Anything-2-Onnx/resolve/"
                            + "288ad59b2f714a7d30fceb8e3ba6e94919ed6ec4/depth_anything_v2_vitl.onnx"),
                    1_341_282_174L, "a8779462763a10c7fbfa9700a948a9d3664f39424e8a7d78fc924f529f72a505",
                    "depth-anything-v2-large.onnx", "CC-BY-NC-4.0 (non-commercial use only)",
                    "yuvraj108c/Depth-Anything-2-Onnx depth_anything_v2_vitl.onnx (Git LFS pointer, commit 288ad59b)"));
}
