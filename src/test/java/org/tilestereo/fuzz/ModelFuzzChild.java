package org.tilestereo.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.tilestereo.depth.DepthException;
import org.tilestereo.kernels.ModelInput;
import org.tilestereo.runtime.OnnxRuntimeDepthModel;

/**
 * Runs every mutated model of a folder the way convert does (checked, opened by ONNX Runtime, one
 * inference at 28x28), in one JVM, saying before each which file it tries, so a crash names its
 * model. One line per model: "ok NAME", "refused NAME: message" or "internal NAME: exception".
 */
public final class ModelFuzzChild {
    public static void main(String[] args) throws Exception {
        List<Path> models;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            models = s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
        for (Path m : models) {
            String name = m.getFileName().toString();
            System.out.println("try " + name);
            System.out.flush();
            try (OnnxRuntimeDepthModel model = OnnxRuntimeDepthModel.open(m)) {
                ModelInput in = model.inputFor(28, 28, 28);
                int batch = Math.min(1, model.maxBatch());
                model.run(new float[batch * in.floatsPerImage()], batch, in);
                System.out.println("ok " + name);
            } catch (DepthException e) {
                System.out.println("refused " + name + ": " + e.getMessage().replace('\n', ' '));
            } catch (RuntimeException e) {
                System.out.println("internal " + name + ": " + String.valueOf(e).replace('\n', ' '));
            }
            System.out.flush();
        }
        System.out.println("done " + models.size());
    }
}
