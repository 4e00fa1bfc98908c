package org.tilestereo.runtime;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.tilestereo.cuda.NativeLibrary;

/**
 * Finds out, once per JVM, whether TensorRT can be used: JavaCPP's TensorRT bindings (the JNI
 * libraries of org.bytedeco:tensorrt for this platform) and TensorRT itself (libnvinfer.so.10 and
 * libnvonnxparser.so.10). {@link #status()} never throws and never lets a missing library take the
 * JVM down: every load is attempted inside a catch of Throwable, and no TensorRT class is
 * initialised before its libraries loaded.
 */
public final class TensorRtProbe {
    /** The fix to offer with every "unavailable" message. */
    public static final String ADVICE = "see TensorRT in the README, or use --runtime onnxruntime";

    private static final Pattern MISSING_LIBRARY = Pattern.compile(
            "(lib[A-Za-z0-9_+.-]+?\\.so(?:\\.[0-9]+)*)(?::\\s*cannot open shared object file| not found)");
    private static final Pattern NO_JNI = Pattern.compile("no (jni[A-Za-z0-9_]+) in java\\.library\\.path");

    /**
     * @param loaded  TensorRT and its ONNX parser loaded
     * @param reason  why not ("" when loaded)
     * @param version e.g. "10.15.1" when loaded
     */
    public record Status(boolean loaded, String reason, String version) {
        /** "TensorRT 10.15.1", or "TensorRT unavailable: why (advice)". */
        public String summary() {
            return loaded ? "TensorRT " + version : "TensorRT unavailable: " + reason + " (" + ADVICE + ")";
        }
    }

    private static Status status;

    private TensorRtProbe() {
    }

    public static synchronized Status status() {
        if (status == null) {
            try {
                status = load();
            } catch (Throwable e) {
                status = new Status(false, "probing TensorRT failed: " + explain(e), "");
            }
        }
        return status;
    }

    private static Status load() {
        // First: its bundled libcudart.so.13 must be in the process before any bytedeco preset binds one.
        NativeLibrary.status();
        String platform;
        try {
            platform = Loader.getPlatform();
        } catch (Throwable e) {
            return new Status(false, "JavaCPP is not usable: " + explain(e), "");
        }
        String jni = "org/bytedeco/tensorrt/" + platform + "/" + System.mapLibraryName("jninvinfer");
        ClassLoader loader = TensorRtProbe.class.getClassLoader();
        if (loader.getResource(jni) == null) {
            return new Status(false, "TensorRT's Java bindings for " + platform + " are not on the class path"
                    + " (org.bytedeco:tensorrt:10.15-1.5.13:" + platform + ")", "");
        }
        // The linker would name only the first library it misses: name them all before loading.
        List<TensorRtLibraries.Need> missing = TensorRtLibraries.missing(TensorRtLibraries.onThisMachine());
        if (!missing.isEmpty()) {
            return new Status(false, "missing " + TensorRtLibraries.describe(missing), "");
        }
        try {
            Loader.load(org.bytedeco.tensorrt.global.nvinfer.class);
        } catch (Throwable e) {
            return new Status(false, explain(e), "");
        }
        try {
            Loader.load(org.bytedeco.tensorrt.global.nvonnxparser.class);
        } catch (Throwable e) {
            return new Status(false, "TensorRT's ONNX parser: " + explain(e), "");
        }
        // getInferLibVersion is in every 10.x; the Major/Minor/Patch getters are not, and the JNI library
        // is not linked BIND_NOW, so calling a missing one would end the JVM with a symbol lookup error.
        return checkVersion(org.bytedeco.tensorrt.global.nvinfer.getInferLibVersion());
    }

    /** The oldest TensorRT with the API this build calls (setDeviceMemoryV2, getDeviceMemorySizeForProfileV2). */
    static final int MIN_VERSION = 10_01_00;

    /** A loaded TensorRT of this getInferLibVersion() (major * 10000 + minor * 100 + patch): usable, or why not. */
    static Status checkVersion(int version) {
        String text = versionText(version);
        if (version < MIN_VERSION) {
            return new Status(false, "TensorRT " + text + " is older than " + versionText(MIN_VERSION)
                    + ", the first with the API this build uses (setDeviceMemoryV2)", "");
        }
        return new Status(true, "", text);
    }

    /** "10.15.1" for 101501. */
    static String versionText(int version) {
        return version / 10000 + "." + version % 10000 / 100 + "." + version % 100;
    }

    /**
     * The shared library a dynamic-linker message says it could not open (other than JavaCPP's own
     * JNI wrappers, which were found: what they link is what is missing), or null.
     */
    static String missingLibrary(CharSequence messages) {
        Matcher m = MISSING_LIBRARY.matcher(messages);
        while (m.find()) {
            if (!m.group(1).startsWith("libjni")) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * Why a load failed, in a few words: the shared library the dynamic linker could not find when
     * the messages name one ("libnvinfer.so.10 not found"), else the JNI library JavaCPP could not
     * find, else the error itself.
     */
    static String explain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c).append('\n');
            for (Throwable s : c.getSuppressed()) {
                all.append(s).append('\n');
            }
        }
        String lib = missingLibrary(all);
        if (lib != null) {
            return lib + " not found";
        }
        Matcher jni = NO_JNI.matcher(all);
        if (jni.find()) {
            return "JNI library " + jni.group(1) + " not found";
        }
        String first = String.valueOf(e.getMessage() == null ? e : e.getMessage());
        return first.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
