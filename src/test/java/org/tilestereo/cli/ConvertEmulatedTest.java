package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.cuda.CudaMemory;
import org.tilestereo.cuda.Gpu;
import org.tilestereo.depth.DepthTestModels;
import org.tilestereo.io.ImageFiles;
import org.tilestereo.testing.CliRun;
import org.tilestereo.testing.Samples;
import org.tilestereo.image.RgbImage;

/**
 * The CUDA backend through the CLI, on the test device (the software device where there is no GPU),
 * against --backend cpu: the same photo in every layout and both warps gives the same picture,
 * within one level of colour (float atomics add in any order on a GPU).
 */
class ConvertEmulatedTest {
    @TempDir
    Path dir;

    @Test
    void theCudaBackendConvertsAloeAsTheCpuDoes() throws Exception {
        Gpu.require();
        String[][] cases = {{"sbs", "forward"}, {"anaglyph", "forward"}, {"htb", "backward"}, {"right", "forward"}};
        for (String[] c : cases) {
            RgbImage cpu = convert("cpu", c[0], c[1]);
            RgbImage gpu = convert(Gpu.backendOption(), c[0], c[1]);
            assertEquals(cpu.width(), gpu.width());
            assertEquals(cpu.height(), gpu.height());
            int worst = 0;
            long differing = 0;
            for (int i = 0; i < cpu.data().length; i++) {
                int d = Math.abs((cpu.data()[i] & 0xff) - (gpu.data()[i] & 0xff));
                worst = Math.max(worst, d);
                if (d != 0) differing++;
            }
            System.out.printf("[tilestereo] aloe %s %s: %s vs cpu: %d of %d bytes differ, at most by %d%n", c[0], c[1],
                    Gpu.backendOption(), differing, cpu.data().length, worst);
            final int w = worst;
            assertTrue(worst <= 1, () -> c[0] + " " + c[1] + ": colours differ by " + w + " levels");
        }
    }

    /**
     * The issue's own command, on the CUDA backend (the software device where there is no GPU: the
     * streamed stage, each slot with its depth stage on its stream) and on the CPU: the same number
     * of frames, and every frame the same within one level of colour. Without a budget the CUDA
     * backend plans for the device's free memory but keeps --depth-resolution, as the CPU does.
     */
    @Test
    void megamindOnTheCudaBackendIsTheCpuConversion() throws Exception {
        Gpu.require();
        Path cpu = dir.resolve("cpu.mp4");
        Path gpu = dir.resolve("gpu.mp4");
        for (String[] run : new String[][] {{"cpu", cpu.toString()}, {Gpu.backendOption(), gpu.toString()}}) {
            CliRun r = CliRun.of("convert", Samples.file("video/Megamind.avi").toString(), "--backend", run[0], "--model",
                    "replica:vits", "--depth-resolution", "154", "--verbose", "-o", run[1]);
            System.out.println(r.err());
            assertEquals(0, r.status(), r.toString());
            if (!run[0].equals("cpu")) {
                assertTrue(r.err().contains("conversion: streamed, "), "the CUDA backend converts video in the streamed stage: " + r.err());
                assertTrue(r.err().contains("its depth stage included"), "each slot makes its frame's depth on the device: " + r.err());
                assertTrue(r.err().contains("the model runs at 210x154"), "the depth resolution asked for: " + r.err());
                assertTrue(r.err().contains("flicker 0."), "the streamed stage reports disparity for the flicker score: " + r.err());
            }
        }
        int frames = 0;
        long differing = 0;
        int worst = 0;
        try (FFmpegFrameGrabber a = new FFmpegFrameGrabber(cpu.toFile()); FFmpegFrameGrabber b = new FFmpegFrameGrabber(gpu.toFile())) {
            a.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            b.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            a.start();
            b.start();
            assertEquals(1440, a.getImageWidth());
            for (Frame fa = a.grabImage(), fb = b.grabImage(); fa != null || fb != null; fa = a.grabImage(), fb = b.grabImage()) {
                final int at = frames;
                assertTrue(fa != null && fb != null, () -> "one conversion ends at frame " + at);
                ByteBuffer pa = (ByteBuffer) fa.image[0];
                ByteBuffer pb = (ByteBuffer) fb.image[0];
                for (int y = 0; y < fa.imageHeight; y++) {
                    for (int x = 0; x < 3 * fa.imageWidth; x++) {
                        int d = Math.abs((pa.get(y * fa.imageStride + x) & 0xff) - (pb.get(y * fb.imageStride + x) & 0xff));
                        if (d != 0) differing++;
                        worst = Math.max(worst, d);
                    }
                }
                frames++;
            }
        }
        System.out.printf("[tilestereo] Megamind, %s vs cpu, decoded MP4: %d frames, %d bytes differ, at most by %d%n",
                Gpu.backendOption(), frames, differing, worst);
        assertEquals(270, frames);
        assertTrue(worst <= 1, "colours differ by " + worst + " levels");
    }

    /**
     * One device allocation per run, taken before the first frame: a whole video conversion on the
     * CUDA backend (the streamed slots' block) makes exactly one, for 1 s of Megamind as for 3 s, and
     * so does a photo. The depth model here runs on the CPU (ONNX Runtime), so its tiles are cut on
     * the host and take no device memory; a TensorRT engine's own memory is outside this count.
     */
    @Test
    void aRunMakesExactlyOneDeviceAllocationWhateverItsLength() throws Exception {
        Gpu.require();
        Path model = DepthTestModels.write(DepthTestModels.symmetricConvStack(3), dir.resolve("small.onnx"));
        String[] durations = {"1", "3"};
        long[] counts = new long[durations.length];
        for (int i = 0; i < durations.length; i++) {
            long before = CudaMemory.deviceAllocations();
            CliRun r = CliRun.of("convert", Samples.file("video/Megamind.avi").toString(), "--backend", Gpu.backendOption(),
                    "--model", model.toString(), "--duration", durations[i], "--verbose", "-o",
                    dir.resolve("d" + durations[i] + ".mp4").toString());
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.err().contains("conversion: streamed, "), r.err());
            counts[i] = CudaMemory.deviceAllocations() - before;
        }
        long before = CudaMemory.deviceAllocations();
        CliRun photo = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--backend", Gpu.backendOption(), "--model",
                model.toString(), "-o", dir.resolve("aloe.png").toString());
        assertEquals(0, photo.status(), photo.toString());
        long photoCount = CudaMemory.deviceAllocations() - before;
        System.out.printf("[tilestereo] device allocations: %d for 1 s of Megamind, %d for 3 s, %d for a photo%n",
                counts[0], counts[1], photoCount);
        assertEquals(1, counts[0], "1 s of video");
        assertEquals(1, counts[1], "3 s of video");
        assertEquals(1, photoCount, "a photo");
    }

    /**
     * --gpu makes a device index the process's GPU (every pipeline thread follows it): index 0 runs as
     * without it, an index past the machine's GPUs is refused in one line naming how many there are.
     * (On the software device there is one; on a GPU machine as many as it has.)
     */
    @Test
    void gpuPicksTheDeviceAndAnIndexPastTheLastIsRefused() throws Exception {
        Gpu.require();
        Path ok = dir.resolve("gpu0.png"), bad = dir.resolve("gpu9.png");
        CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--depth", "samples/aloe/aloeGT.png", "--depth-kind",
                "disparity", "--backend", Gpu.backendOption(), "--gpu", "0", "-o", ok.toString());
        assertEquals(0, r.status(), r.toString());
        r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--depth", "samples/aloe/aloeGT.png", "--depth-kind",
                "disparity", "--backend", Gpu.backendOption(), "--gpu", "9", "-o", bad.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("--gpu 9: this machine's"), r.err());
        assertTrue(!java.nio.file.Files.exists(bad), "no output");
        r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--depth", "samples/aloe/aloeGT.png", "--backend", "cpu",
                "--gpu", "1", "-o", bad.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--gpu picks the GPU of --backend cuda or auto"), r.err());
    }

    private RgbImage convert(String backend, String layout, String warp) throws Exception {
        Path out = dir.resolve(backend + "-" + layout + "-" + warp + ".png");
        CliRun r = CliRun.of("convert", "samples/aloe/aloeL.jpg", "--depth", "samples/aloe/aloeGT.png", "--depth-kind",
                "disparity", "--layout", layout, "--warp", warp, "--backend", backend, "-o", out.toString());
        assertEquals(0, r.status(), r.toString());
        if (!backend.equals("cpu")) {
            assertTrue(r.err().isEmpty() || r.err().contains("backend: cuda"), r.err());
        }
        return ImageFiles.readRgb(out);
    }
}
