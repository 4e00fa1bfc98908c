package org.tilestereo.models;

import org.tilestereo.io.CacheFolders;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in registry's facts are well-formed and pinned; names and file names are checked. */
class ModelRegistryTest {

    @Test
    void builtInModelsArePinnedPublicFiles() {
        ModelRegistry r = ModelRegistry.builtIn(null);
        assertEquals(List.of("depth-anything-v2-small", "depth-anything-v2-base", "depth-anything-v2-large"), r.names());
        for (NamedModel m : r.all()) {
            assertTrue(m.url().toString().startsWith("https://huggingface.co/"), m.url().toString());
            // Pinned to a commit, so the file cannot change under its checksum.
            assertTrue(m.url().getPath().matches(".*/resolve/[0-9a-f]{40}/.*"), m.url().toString());
            assertTrue(m.url().getPath().endsWith(".onnx"));
        }
        NamedModel small = r.find("depth-anything-v2-small").orElseThrow();
        assertEquals(99_060_839L, small.size());
        assertEquals("afb6a5c28f3b6bf1618c6e43f02073ef9dfdc70e937502d51603e57b0a1df10c", small.sha256());
        assertEquals(391_328_137L, r.find("depth-anything-v2-base").orElseThrow().size());
        assertEquals(1_341_282_174L, r.find("depth-anything-v2-large").orElseThrow().size());
        assertTrue(r.find("depth-anything-v2-large").orElseThrow().license().contains("CC-BY-NC-4.0"));
        assertTrue(r.find("depth-anything-v2-giant").isEmpty());
    }

    @Test
    void aMirrorReplacesTheHuggingFacePrefix() {
        NamedModel m = ModelRegistry.builtIn(null).find("depth-anything-v2-small").orElseThrow();
        assertEquals("https://hf-mirror.example/onnx-community/depth-anything-v2-small/resolve/"
                        + "64fe43eba7f8a384b02fe3fadaa26cbba35548d8/onnx/model.onnx",
                ModelRegistry.builtIn("https://hf-mirror.example").find(m.name()).orElseThrow().url().toString());
        NamedModel hf = m.withUrl(URI.create("https://huggingface.co/a/b/resolve/0123/x.onnx"));
        assertEquals("https://hf-mirror.example/a/b/resolve/0123/x.onnx",
                ModelRegistry.mirrored(hf, "https://hf-mirror.example/").url().toString());
        NamedModel elsewhere = m.withUrl(URI.create("https://example.org/x.onnx"));
        assertSame(elsewhere, ModelRegistry.mirrored(elsewhere, "https://hf-mirror.example"));
    }

    @Test
    void entriesAreChecked() {
        URI u = URI.create("http://127.0.0.1/x");
        String sha = "a".repeat(64);
        assertThrows(IllegalArgumentException.class, () -> new NamedModel("m", u, 0, sha, "m.onnx", "l", "s"));
        assertThrows(IllegalArgumentException.class, () -> new NamedModel("m", u, 1, "xyz", "m.onnx", "l", "s"));
        assertThrows(IllegalArgumentException.class, () -> new NamedModel("m", u, 1, sha, "../m.onnx", "l", "s"));
        assertThrows(IllegalArgumentException.class, () -> new NamedModel("m", u, 1, sha, ".hidden", "l", "s"));
        assertEquals(sha, new NamedModel("m", u, 1, sha.toUpperCase(), "m.onnx", "l", "s").sha256());
        NamedModel m = new NamedModel("m", u, 1, sha, "m.onnx", "l", "s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelRegistry(List.of(m, m)));
        assertTrue(e.getMessage().contains("used twice"));
    }

}
