package org.tilestereo.cuda;

import org.bytedeco.javacpp.Loader;

/**
 * Loads libtilestereo (through {@link TileStereoNative}) once per JVM and says whether that
 * worked. {@link #status()} never throws: without the library the reason says why, e.g. that the
 * jar was built on a machine without nvcc.
 *
 * <p>Call {@link #status()} (or {@link CudaProbe#probe()}) before the first use of any
 * org.bytedeco.cuda or org.bytedeco.tensorrt class: loading our library first puts the bundled
 * libcudart.so.13 in the process, and the presets then reuse it; the other way round they look for
 * a system copy, which machines without the CUDA toolkit do not have.
 */
public final class NativeLibrary {
    /** The only platform the native build produces. */
    static final String PLATFORM = "linux-x86_64";
    static final String JNI_LIBRARY = "jniTileStereoNative";

    /**
     * @param built  the jar (or class folder) holds the native library for this platform
     * @param loaded it loaded; then version and the build facts are set
     * @param reason why it is not loaded ("" when it is)
     * @param path   the file the JNI library was loaded from
     */
    public record Status(boolean built, boolean loaded, String reason, String version, int cudaVersionBuilt,
                         String cudaArchitectures, String path) {
        static Status failed(boolean built, String reason) {
            return new Status(built, false, reason, "", 0, "", "");
        }

        public String summary() {
            if (!loaded) {
                return "tilestereo native library unavailable: " + reason;
            }
            String devices = cudaVersionBuilt == 0 ? "the software device only: built without nvcc"
                    : "CUDA " + cudaVersionBuilt / 1000 + "." + cudaVersionBuilt % 1000 / 10 + ", architectures " + cudaArchitectures
                    + ", and the software device";
            return "tilestereo native library " + version + " (" + devices + ") loaded from " + path;
        }
    }

    private static Status status;

    private NativeLibrary() {
    }

    /** Loads the library on the first call; later calls return the same answer. */
    public static synchronized Status status() {
        if (status == null) {
            status = load();
        }
        return status;
    }

    /** Throws IllegalStateException with the reason when the library is not loaded. */
    public static Status require() {
        Status s = status();
        if (!s.loaded()) {
            throw new IllegalStateException("tilestereo native library unavailable: " + s.reason());
        }
        return s;
    }

    /** The library's version (ts_version); throws IllegalStateException when it is not loaded. */
    public static String version() {
        return require().version();
    }

    private static Status load() {
        String platform;
        try {
            platform = Loader.getPlatform();
        } catch (Throwable e) {
            return Status.failed(false, "JavaCPP is not usable: " + describe(e));
        }
        if (!PLATFORM.equals(platform)) {
            return Status.failed(false, "no native library for platform " + platform + " (it is built for " + PLATFORM + " only)");
        }
        // Checked before touching TileStereoNative, whose initializer would throw without it.
        String resource = PLATFORM + "/" + System.mapLibraryName(JNI_LIBRARY);
        if (TileStereoNative.class.getResource(resource) == null) {
            return Status.failed(false, "native library not built (this jar was built CPU-only: no nvcc, or -Dtilestereo.cpuOnly=true): "
                    + TileStereoNative.class.getPackageName().replace('.', '/') + "/" + resource + " is missing");
        }
        try {
            String path = Loader.load(TileStereoNative.class);
            return new Status(true, true, "", TileStereoNative.ts_version(), TileStereoNative.ts_cuda_version_built(),
                    TileStereoNative.ts_cuda_architectures(), path);
        } catch (Throwable e) {
            return Status.failed(true, "native library failed to load: " + describe(e));
        }
    }

    /** The message of an error and its causes, which for UnsatisfiedLinkError name the missing file. */
    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            s.append("; caused by ").append(c);
        }
        return s.toString();
    }
}
