package org.tilestereo.video;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tilestereo.image.RgbImage;
import org.tilestereo.testing.Samples;

/** Scene cuts on real footage: the cuts of a film clip, none in a single shot with motion, and a splice of two clips. */
class SceneCutDetectorTest {

    private static List<Integer> cuts(List<RgbImage> frames) {
        SceneCutDetector d = new SceneCutDetector(SceneCutDetector.DEFAULT_MIN_SCORE);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (d.isCut(frames.get(i))) cuts.add(i);
        }
        return cuts;
    }

    @Test
    void megamindHasItsFourCutsAndNoOthers() throws Exception {
        // Looked at frame by frame: black to the restaurant at 1, then shot/reverse-shot at 98, 154 and 200.
        assertEquals(List.of(1, 98, 154, 200), cuts(TestClips.frames(Samples.file("video/Megamind.avi"), 0)));
    }

    @Test
    void aHandEnteringTheTreeShotIsNotACut() throws Exception {
        assertEquals(List.of(), cuts(TestClips.frames(Samples.file("video/tree.avi"), 0)));
    }

    @Test
    void twoClipsSplicedTogetherCutWhereTheyMeet() throws Exception {
        List<RgbImage> tree = TestClips.frames(Samples.file("video/tree.avi"), 40);
        List<RgbImage> spliced = new ArrayList<>(tree);
        // frames 2..60 of the film clip: one shot, after the cut from black
        for (RgbImage f : TestClips.frames(Samples.file("video/Megamind.avi"), 60).subList(2, 60)) {
            spliced.add(TestClips.resize(f, tree.get(0).width(), tree.get(0).height()));
        }
        assertEquals(List.of(tree.size()), cuts(spliced));
    }

    @Test
    void identicalFramesScoreZeroAndTheThresholdIsChecked() {
        SceneCutDetector d = new SceneCutDetector(0.12);
        RgbImage f = org.tilestereo.testing.TestImages.randomRgb(64, 48, 3);
        assertFalse(d.isCut(f));
        assertFalse(d.isCut(f.copy()));
        assertEquals(0.0, d.lastScore());
        assertThrows(IllegalArgumentException.class, () -> new SceneCutDetector(0));
    }
}
