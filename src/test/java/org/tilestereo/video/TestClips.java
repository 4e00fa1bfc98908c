package org.tilestereo.video;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tilestereo.image.RgbImage;

/** Frames of the sample clips, decoded into memory for tests. */
final class TestClips {
    private TestClips() {
    }

    /** Up to max frames of a video (all if max is 0), audio dropped. */
    static List<RgbImage> frames(Path file, int max) throws Exception {
        List<RgbImage> frames = new ArrayList<>();
        try (VideoReader r = VideoReader.open(file, 0, 0)) {
            List<AudioPacket> audio = new ArrayList<>();
            while (max == 0 || frames.size() < max) {
                RgbImage img = new RgbImage(r.info().width(), r.info().height());
                boolean more = r.read(img, audio);
                for (AudioPacket p : audio) p.free();
                audio.clear();
                if (!more) break;
                frames.add(img);
            }
        }
        return frames;
    }

    /** Nearest-neighbour resize: enough to put two clips into one size. */
    static RgbImage resize(RgbImage src, int w, int h) {
        RgbImage out = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            int sy = y * src.height() / h;
            for (int x = 0; x < w; x++) {
                int sx = x * src.width() / w;
                for (int c = 0; c < 3; c++) out.set(x, y, c, src.get(sx, sy, c));
            }
        }
        return out;
    }
}
