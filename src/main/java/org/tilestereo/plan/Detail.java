package org.tilestereo.plan;

/**
 * What a plan does with memory to spare: run the whole frame at its own resolution (the detail a
 * budget the user gave pays for), or at the depth resolution the user asked for (when no budget was
 * given, a device's memory only decides whether the frame must be tiled, so every backend makes
 * the same depth from the same options).
 */
public enum Detail {
    /** The whole frame at its own resolution, if it fits; else tiles at it. */
    FRAME,
    /** The whole frame at the depth resolution (never above its own), if it fits; else tiles at the frame's. */
    DEPTH_RESOLUTION
}
