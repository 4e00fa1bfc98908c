package org.tilestereo.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.io.ChildJvm;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.io.InputException;
import org.tilestereo.testing.Samples;

/**
 * Mutation fuzz of the inputs a user hands tilestereo: ONNX models (through the same check and
 * ONNX Runtime path convert takes, in a child JVM so a native crash is seen as one), photos and
 * depth maps. Every mutant must end in a result or a clean refusal: no crash, no hang, no internal
 * error. CI runs {@value #MODELS_IN_CI} models and {@value #IMAGES_IN_CI} images; more on demand with
 * -Dtilestereo.fuzz.models=N -Dtilestereo.fuzz.images=N.
 */
class ModelFuzzTest {
    static final int MODELS_IN_CI = 600;
    static final int IMAGES_IN_CI = 400;

    @TempDir
    Path dir;

    @Test
    void mutatedModelsAreRunOrRefusedNeverCrashOrHang() throws Exception {
        int count = Integer.getInteger("tilestereo.fuzz.models", MODELS_IN_CI);
        // The model family a hostile campaign crashed ONNX Runtime with: reflect Pads around convolutions.
        byte[] base = DepthTestModels.symmetricConvStack(7).build();
        Path models = Files.createDirectory(dir.resolve("models"));
        for (int seed = 0; seed < count; seed++) {
            Files.write(models.resolve(String.format("m%05d.onnx", seed)), Mutations.of(base, seed));
        }
        ChildJvm.Result r = ChildJvm.run(ModelFuzzChild.class, List.of(models.toString()), Duration.ofMinutes(10));
        List<String> lines = r.out().lines().toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertNotEquals(-1, r.status(), "the fuzz hung; last line: " + last);
        assertEquals(0, r.status(), "the child JVM died (a native crash?) after: " + last + "\n" + r.err());
        assertEquals("done " + count, last);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (String l : lines) {
            String kind = l.substring(0, l.indexOf(' '));
            if (kind.equals("try") || kind.equals("done")) {
                continue;
            }
            outcomes.merge(kind, 1, Integer::sum);
            assertFalse(l.startsWith("internal "), l);
        }
        System.out.println("[tilestereo] model fuzz: " + count + " mutants: " + outcomes);
        assertEquals(count, outcomes.getOrDefault("ok", 0) + outcomes.getOrDefault("refused", 0));
    }

    @Test
    void mutatedPhotosAndDepthMapsAreReadOrRefusedInOneLine() throws Exception {
        int count = Integer.getInteger("tilestereo.fuzz.images", IMAGES_IN_CI);
        BufferedImage small = ImageIO.read(Samples.file("photos/fruits.jpg").toFile()).getSubimage(0, 0, 48, 32);
        Map<String, byte[]> bases = new TreeMap<>();
        for (String format : new String[] {"png", "jpg", "bmp"}) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            BufferedImage rgb = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(small, 0, 0, null);
            ImageIO.write(rgb, format, b);
            bases.put(format, b.toByteArray());
        }
        ByteArrayOutputStream depth16 = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(48, 32, BufferedImage.TYPE_USHORT_GRAY), "png", depth16);
        bases.put("depth.png", depth16.toByteArray());
        int read = 0, refused = 0;
        for (int seed = 0; seed < count; seed++) {
            for (Map.Entry<String, byte[]> e : bases.entrySet()) {
                Path f = dir.resolve("i" + seed + "." + e.getKey());
                Files.write(f, Mutations.of(e.getValue(), seed));
                try {
                    if (e.getKey().startsWith("depth")) {
                        ImageFiles.readDepth(f);
                    } else {
                        ImageFiles.readRgb(f);
                    }
                    read++;
                } catch (InputException ex) {
                    refused++;
                    assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
                    assertTrue(ex.getMessage().contains(f.getFileName().toString()), ex.getMessage());
                }
                Files.delete(f);
            }
        }
        System.out.println("[tilestereo] image fuzz: " + count * bases.size() + " mutants: read " + read + ", refused " + refused);
        assertEquals(count * bases.size(), read + refused);
    }
}
