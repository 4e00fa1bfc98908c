package org.tilestereo.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The process's one ONNX Runtime environment. ONNX Runtime logs to stderr on its own (coloured
 * "[E:onnxruntime:...]" lines) and its Java API offers no way to take those lines over; its errors
 * reach the user anyway, as the one-line message of the exception they cause. So its log is off
 * (fatal only) unless the user asked for --verbose, where its warnings are shown. The first use of
 * ONNX Runtime in the process fixes the level.
 */
public final class OnnxRuntimeEnvironment {
    private static volatile boolean verbose;

    private OnnxRuntimeEnvironment() {
    }

    /** Shows ONNX Runtime's warnings (call before the first model opens: --verbose). */
    public static void showWarnings(boolean show) {
        verbose = show;
    }

    private static volatile boolean started;

    public static OrtEnvironment get() {
        if (started) {
            return OrtEnvironment.getEnvironment();
        }
        synchronized (OnnxRuntimeEnvironment.class) {
            java.util.Set<java.nio.file.Path> before = extractionFolders();
            OrtEnvironment env = OrtEnvironment.getEnvironment(verbose ? OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING
                    : OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            started = true;
            java.util.Set<java.nio.file.Path> made = extractionFolders();
            made.removeAll(before);
            made.forEach(OnnxRuntimeEnvironment::removeExtraction);
            return env;
        }
    }

    /**
     * ONNX Runtime's Java binding unpacks its native libraries into a new {@code onnxruntime-java*}
     * folder of the temp folder and leaves that folder behind, empty, at every start. Once the libraries
     * are loaded their files are not needed (on Linux a loaded library stays mapped after its file is
     * gone), so the folder this start made is removed now. Elsewhere a failed removal is left as it was.
     */
    private static java.util.Set<java.nio.file.Path> extractionFolders() {
        java.util.Set<java.nio.file.Path> found = new java.util.HashSet<>();
        java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        try (java.nio.file.DirectoryStream<java.nio.file.Path> s =
                     java.nio.file.Files.newDirectoryStream(tmp, "onnxruntime-java*")) {
            s.forEach(found::add);
        } catch (java.io.IOException | RuntimeException e) {
            // an unreadable temp folder: nothing to tidy
        }
        return found;
    }

    private static void removeExtraction(java.nio.file.Path folder) {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                java.nio.file.Files.deleteIfExists(f);
            }
            java.nio.file.Files.deleteIfExists(folder);
        } catch (java.io.IOException | RuntimeException e) {
            // left as ONNX Runtime left it
        }
    }
}
