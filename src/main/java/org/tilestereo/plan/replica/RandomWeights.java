package org.tilestereo.plan.replica;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.tilestereo.onnx.ProtoWriter;

/**
 * Float32 weights drawn uniformly with a given mean and standard deviation, generated while the
 * model is written. Each tensor has its own generator seeded from the model seed and the tensor's
 * name, so the data does not depend on the order tensors are written in and every write of the
 * same model gives the same bytes.
 */
record RandomWeights(long seed, long count, float mean, float std) implements ProtoWriter.ByteSource {
    private static final int CHUNK_FLOATS = 1 << 14;

    static RandomWeights of(long modelSeed, String tensorName, long count, float mean, float std) {
        return new RandomWeights(mix(modelSeed, tensorName), count, mean, std);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        // Uniform on [mean - a, mean + a] has standard deviation a / sqrt(3).
        double halfWidth = std * Math.sqrt(3.0);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(left, CHUNK_FLOATS);
            chunk.clear();
            for (int i = 0; i < n; i++) {
                chunk.putFloat((float) (mean + halfWidth * (2.0 * rnd.nextDouble() - 1.0)));
            }
            out.write(chunk.array(), 0, n * Float.BYTES);
            left -= n;
        }
    }

    private static long mix(long modelSeed, String tensorName) {
        // String.hashCode is specified, so seeds are the same on every JVM.
        return modelSeed * 0x9E3779B97F4A7C15L + tensorName.hashCode() * 0xC2B2AE3D27D4EB4FL + tensorName.length();
    }
}
