package org.tilestereo.depth;

/** Solves small dense linear systems (the tile alignment's normal equations) by elimination. */
final class Gauss {
    private Gauss() {
    }

    /** x with a x = b, by Gaussian elimination with partial pivoting; a and b are overwritten. NaN where singular. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
            }
            double[] row = a[col]; a[col] = a[pivot]; a[pivot] = row;
            double t = b[col]; b[col] = b[pivot]; b[pivot] = t;
            double d = a[col][col];
            if (d == 0) continue;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / d;
                if (f == 0) continue;
                for (int c = col; c < n; c++) a[r][c] -= f * a[col][c];
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) s -= a[r][c] * x[c];
            x[r] = a[r][r] == 0 ? Double.NaN : s / a[r][r];
        }
        return x;
    }
}
