package org.tilestereo.bench;

/**
 * One operator at one frame size. gpuMillis and copyGBps are null where the GPU was not measured.
 *
 * @param bytes     what the operator must move ({@link OperatorCase#bytesMoved})
 * @param gpuMillis median kernel time from CUDA events
 * @param copyGBps  device-to-device copy bandwidth measured in the same run at this size
 * @param javaMillis median time of the Java reference
 */
public record BenchResult(OperatorCase operator, int width, int height, long bytes, Double gpuMillis, Double copyGBps,
                          double javaMillis) {

    public Double gpuGBps() {
        return gpuMillis == null ? null : gbps(bytes, gpuMillis);
    }

    /** The operator's bandwidth as a fraction of the copy's: 1.0 is as fast as memory allows. */
    public Double fractionOfCopy() {
        return gpuMillis == null || copyGBps == null ? null : gpuGBps() / copyGBps;
    }

    public double javaGBps() {
        return gbps(bytes, javaMillis);
    }

    static double gbps(long bytes, double millis) {
        return bytes / (millis * 1e6);
    }
}
