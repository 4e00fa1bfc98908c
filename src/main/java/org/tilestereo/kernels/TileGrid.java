package org.tilestereo.kernels;

/**
 * Where the tiles of a frame lie. Tiles are all tileWidth x tileHeight source pixels, step by
 * (tile - overlap), and the grid extends at least overlap/2 beyond every image border: the parts
 * outside the image are reflect-101 padding, so border pixels get context like interior ones and
 * every image pixel lies where some tile's blend weight is 1 or ramps between two tiles.
 *
 * <p>Blend weights (see {@link #weight1d}) are 0 within overlap/4 of a tile edge, rise linearly to 1
 * at 3*overlap/4, and so the weights of neighbouring tiles sum to exactly one. The zero band means a
 * model whose receptive field radius is at most overlap/4 gives tiled results equal to untiled ones
 * inside the image; at the image border they agree only where the model's own padding matches
 * padding the input once by reflect-101 (one reflect-padded layer does; a stack of zero- or
 * reflect-padded layers in general does not).
 *
 * <p>{@link #whole(int, int)} is the single-tile grid of an untiled frame (no padding, weight 1).
 */
public final class TileGrid {
    public final int imageWidth, imageHeight;
    public final int tileWidth, tileHeight;
    public final int overlap;
    public final int cols, rows;
    public final int originX, originY;

    private TileGrid(int imageWidth, int imageHeight, int tileWidth, int tileHeight, int overlap,
                     int cols, int rows, int originX, int originY) {
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.overlap = overlap;
        this.cols = cols;
        this.rows = rows;
        this.originX = originX;
        this.originY = originY;
    }

    /** The untiled frame as one tile. */
    public static TileGrid whole(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        return new TileGrid(width, height, width, height, 0, 1, 1, 0, 0);
    }

    /**
     * Overlapping tiles of tileWidth x tileHeight with the given overlap (even, at least 4, less than
     * half the smaller tile side).
     */
    public static TileGrid of(int width, int height, int tileWidth, int tileHeight, int overlap) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (overlap < 4 || overlap % 2 != 0) {
            throw new IllegalArgumentException("tile overlap must be even and at least 4, got " + overlap);
        }
        if (tileWidth <= 2 * overlap || tileHeight <= 2 * overlap) {
            throw new IllegalArgumentException("tile " + tileWidth + "x" + tileHeight
                    + " must be more than twice the overlap " + overlap + " on each side");
        }
        int cols = ceilDiv(width, tileWidth - overlap);
        int rows = ceilDiv(height, tileHeight - overlap);
        int coveredW = cols * (tileWidth - overlap) + overlap;
        int coveredH = rows * (tileHeight - overlap) + overlap;
        // Centre the grid: the padding beyond each border is at least overlap/2.
        int originX = -((coveredW - width) / 2);
        int originY = -((coveredH - height) / 2);
        return new TileGrid(width, height, tileWidth, tileHeight, overlap, cols, rows, originX, originY);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    public int count() { return cols * rows; }

    public boolean isWhole() { return count() == 1 && overlap == 0; }

    /** Left source column of tile i (row-major), may be negative. */
    public int tileX(int i) { return originX + (i % cols) * (tileWidth - overlap); }

    /** Top source row of tile i (row-major), may be negative. */
    public int tileY(int i) { return originY + (i / cols) * (tileHeight - overlap); }

    /**
     * Blend weight along one axis of a pixel at source coordinate p in a tile starting at t0 of the
     * given length; 1 everywhere when the grid has no overlap.
     */
    public static float weight1d(int p, int t0, int length, int overlap) {
        if (overlap == 0) {
            return 1f;
        }
        float d = Math.min(p - t0 + 0.5f, t0 + length - p - 0.5f);
        float w = (d - overlap * 0.25f) / (overlap * 0.5f);
        return w <= 0f ? 0f : (w >= 1f ? 1f : w);
    }

    @Override
    public String toString() {
        return isWhole() ? "whole frame " + imageWidth + "x" + imageHeight
                : cols + "x" + rows + " tiles of " + tileWidth + "x" + tileHeight + ", overlap " + overlap;
    }
}
