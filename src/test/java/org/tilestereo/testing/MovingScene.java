package org.tilestereo.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tilestereo.depth.DepthKind;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.depth.DepthSource;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/**
 * A short synthetic shot for stage tests: a gradient with a bright square moving across it and a
 * little noise, and a depth source that reads depth off the picture's brightness (bright = near),
 * so each frame's depth range differs and temporal smoothing has something to do.
 */
public final class MovingScene {
    private MovingScene() {
    }

    public static List<RgbImage> frames(int w, int h, int count, long seed) {
        Random r = new Random(seed);
        List<RgbImage> frames = new ArrayList<>();
        int side = Math.max(2, Math.min(w, h) / 3);
        for (int t = 0; t < count; t++) {
            RgbImage f = new RgbImage(w, h);
            int sx = (t * 7) % Math.max(1, w - side), sy = (t * 3) % Math.max(1, h - side);
            int brightness = 150 + 10 * t % 100;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean square = x >= sx && x < sx + side && y >= sy && y < sy + side;
                    int base = square ? brightness : 40 + 100 * x / w + 30 * y / h;
                    for (int c = 0; c < 3; c++) f.set(x, y, c, Math.min(255, base + c * 9 + r.nextInt(9)));
                }
            }
            frames.add(f);
        }
        return frames;
    }

    /**
     * Depth from brightness: inverse depth 0.1 + luma / 255, or metric depth its reciprocal. The
     * map is reused from call to call, as model depth sources do, so a stage must copy it in time.
     */
    public static DepthSource brightnessDepth(DepthKind kind) {
        return new DepthSource() {
            private FloatMap map;

            @Override
            public String describe() {
                return "brightness (" + kind + ")";
            }

            @Override
            public DepthMap depthOf(RgbImage frame) {
                if (map == null || map.width() != frame.width() || map.height() != frame.height()) {
                    map = new FloatMap(frame.width(), frame.height());
                }
                byte[] p = frame.data();
                float[] d = map.data();
                for (int i = 0; i < d.length; i++) {
                    float luma = (0.3f * (p[3 * i] & 0xff) + 0.6f * (p[3 * i + 1] & 0xff) + 0.1f * (p[3 * i + 2] & 0xff)) / 255f;
                    float inverse = 0.1f + luma;
                    d[i] = kind == DepthKind.METRIC ? 1f / inverse : inverse;
                }
                return new DepthMap(map, kind);
            }
        };
    }
}
