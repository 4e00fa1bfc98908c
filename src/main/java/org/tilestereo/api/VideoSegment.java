package org.tilestereo.api;

import java.io.Serializable;

/**
 * One part of a video converted in parts (a cluster's work unit), in microseconds from the input's
 * start as {@code --start} counts them: its frames are those presented within [start, end), and its
 * conversion begins at warmUp (at or before start), converting the frames before start only so that
 * the depth range and the scene cut detector reach the state one run has at start.
 *
 * @param index     0, 1, ... in presentation order
 * @param endMicros 0: to the end of the conversion's range
 * @param frames    the frames it writes, counted from the file's packets (for progress: where a container
 *                  stores decoding times, as AVI does, a frame at a boundary may fall on the other side)
 * @param warmUpFrames the frames converted before start and not written
 */
public record VideoSegment(int index, long startMicros, long endMicros, long warmUpMicros, long frames, long warmUpFrames)
        implements Serializable {
    public VideoSegment {
        if (warmUpMicros > startMicros) throw new IllegalArgumentException("the warm-up must start at or before the segment");
        if (endMicros != 0 && endMicros <= startMicros) throw new IllegalArgumentException("a segment must end after it starts");
    }
}
