package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.onnx.OnnxDataType;
import org.tilestereo.onnx.OnnxModelBuilder;

/** What the TensorRT runtime reads from a model file without TensorRT. */
class ModelFactsTest {
    @TempDir
    Path dir;

    @Test
    void aFreeShapedModel() throws Exception {
        Path f = DepthTestModels.write(DepthTestModels.perPixel("N", new float[] {1, 2, 3}, 0), dir.resolve("free.onnx"));
        ModelFacts m = ModelFacts.read(f);
        assertEquals("image", m.inputName());
        assertEquals("depth", m.outputName());
        assertArrayEquals(new int[] {0, 0, 0}, m.fixed());
        assertArrayEquals(ModelInput.IMAGENET_MEAN, m.mean());
        assertArrayEquals(ModelInput.IMAGENET_STD, m.std());
        assertFalse(m.quantized());
    }

    @Test
    void fixedDimensionsMetadataAndQdq() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder("fixed_qdq")
                .input("pixels", OnnxDataType.FLOAT, 2, 3, 518, 518)
                .initializer("scale", new float[] {0.05f}, 1)
                .node("QuantizeLinear", List.of("pixels", "scale"), List.of("q"))
                .node("DequantizeLinear", List.of("q", "scale"), List.of("dq"))
                .node("ReduceMean", List.of("dq"), List.of("predicted_depth"), org.tilestereo.onnx.Attribute.ints("axes", 1))
                .output("predicted_depth", OnnxDataType.FLOAT, 2, 518, 518)
                .metadata("mean", "0.5,0.5,0.5")
                .metadata("std", "0.25, 0.25, 0.25");
        ModelFacts m = ModelFacts.read(DepthTestModels.write(b, dir.resolve("qdq.onnx")));
        assertArrayEquals(new int[] {2, 518, 518}, m.fixed());
        assertTrue(m.quantized());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, m.mean());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, m.std());
        assertEquals(new InputShape(2, 518, 518), m.constrain(new InputShape(1, 140, 280)));
    }

    @Test
    void modelsThatAreNotDepthModelsAreRefused() throws Exception {
        OnnxModelBuilder gray = new OnnxModelBuilder("gray")
                .input("image", OnnxDataType.FLOAT, "N", 1, "H", "W")
                .node("Relu", List.of("image"), List.of("depth"))
                .output("depth", OnnxDataType.FLOAT, "N", 1, "H", "W");
        DepthException e = assertThrows(DepthException.class, () -> ModelFacts.read(DepthTestModels.write(gray, dir.resolve("g.onnx"))));
        assertTrue(e.getMessage().contains("expected FLOAT [N,3,H,W]"), e.getMessage());
        OnnxModelBuilder badStd = DepthTestModels.perPixel("N", new float[] {1, 1, 1}, 0).metadata("std", "1,0,1");
        e = assertThrows(DepthException.class, () -> ModelFacts.read(DepthTestModels.write(badStd, dir.resolve("s.onnx"))));
        assertTrue(e.getMessage().contains("metadata 'std'"), e.getMessage());
        Path junk = java.nio.file.Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3, 4, 5});
        e = assertThrows(DepthException.class, () -> ModelFacts.read(junk));
        assertTrue(e.getMessage().startsWith("model " + junk), e.getMessage());
    }
}
