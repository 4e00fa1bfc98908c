package org.tilestereo.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The shared libraries TensorRT's Java bindings load, and which of them this machine lacks. Loading
 * nvinfer through the presets first loads the bindings of cudart, cuBLAS, cuDNN and NVRTC, so a
 * machine with TensorRT but without cuDNN 9 cannot use it; the dynamic linker names only the first
 * library it misses, this names all of them, with what provides each.
 */
final class TensorRtLibraries {
    private TensorRtLibraries() {
    }

    /** A library by its soname, and what provides it. */
    record Need(String soname, String from) {
    }

    /** In load order (the JNI libraries' NEEDED entries, org.bytedeco cuda 13.1-9.19 and tensorrt 10.15). */
    static final List<Need> NEEDED = List.of(
            new Need("libcuda.so.1", "the NVIDIA driver"),
            new Need("libcudart.so.13", "CUDA 13 runtime"),
            new Need("libcublas.so.13", "cuBLAS 13"),
            new Need("libcublasLt.so.13", "cuBLAS 13"),
            new Need("libcudnn_graph.so.9", "cuDNN 9"),
            new Need("libcudnn_ops.so.9", "cuDNN 9"),
            new Need("libcudnn_cnn.so.9", "cuDNN 9"),
            new Need("libcudnn_adv.so.9", "cuDNN 9"),
            new Need("libnvrtc.so.13", "NVRTC 13"),
            new Need("libnvinfer.so.10", "TensorRT 10"),
            new Need("libnvinfer_plugin.so.10", "TensorRT 10"),
            new Need("libnvonnxparser.so.10", "TensorRT 10"));

    /** The needed libraries found lacks, in load order. */
    static List<Need> missing(Predicate<String> found) {
        return NEEDED.stream().filter(n -> !found.test(n.soname())).toList();
    }

    /** "libcuda.so.1 (the NVIDIA driver), libcudnn_graph.so.9, libcudnn_ops.so.9 (cuDNN 9)": grouped by what provides them. */
    static String describe(List<Need> missing) {
        Map<String, List<String>> byFrom = new LinkedHashMap<>();
        for (Need n : missing) {
            byFrom.computeIfAbsent(n.from(), k -> new ArrayList<>()).add(n.soname());
        }
        List<String> parts = new ArrayList<>();
        byFrom.forEach((from, libs) -> parts.add(String.join(", ", libs) + " (" + from + ")"));
        return String.join(", ", parts);
    }

    /**
     * Where this machine finds a library: loaded in this process already, in a redist jar on the
     * class path (mvn -P tensorrt-redist), or as a file in a folder the dynamic linker searches.
     */
    static Predicate<String> onThisMachine() {
        Set<Path> folders = linkerFolders();
        String maps = processMaps();
        ClassLoader loader = TensorRtLibraries.class.getClassLoader();
        return soname -> maps.contains("/" + soname)
                || loader.getResource("org/bytedeco/cuda/linux-x86_64/" + soname) != null
                || loader.getResource("org/bytedeco/tensorrt/linux-x86_64/" + soname) != null
                || inFolders(folders).test(soname);
    }

    /** A library as a file (or link) in one of the folders. */
    static Predicate<String> inFolders(Set<Path> folders) {
        return soname -> folders.stream().anyMatch(f -> Files.exists(f.resolve(soname)));
    }

    /** LD_LIBRARY_PATH, java.library.path, the folders of /etc/ld.so.conf and the system's default ones. */
    private static Set<Path> linkerFolders() {
        Set<Path> folders = new LinkedHashSet<>();
        addPathList(folders, System.getenv("LD_LIBRARY_PATH"));
        addPathList(folders, System.getProperty("java.library.path"));
        readLinkerConf(folders, Path.of("/etc/ld.so.conf"), 0);
        for (String d : new String[] {"/lib64", "/usr/lib64", "/lib", "/usr/lib", "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu", "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib"}) {
            folders.add(Path.of(d));
        }
        return folders;
    }

    private static void addPathList(Set<Path> folders, String list) {
        if (list == null) return;
        for (String d : list.split(":")) {
            if (!d.isBlank()) folders.add(Path.of(d));
        }
    }

    /** The folders a ld.so.conf lists, following its include lines (globs in one folder). */
    private static void readLinkerConf(Set<Path> folders, Path conf, int depth) {
        if (depth > 4 || !Files.isReadable(conf)) return;
        try {
            for (String line : Files.readAllLines(conf)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                if (l.startsWith("include ")) {
                    Path pattern = Path.of(l.substring("include ".length()).strip());
                    Path dir = pattern.getParent();
                    String glob = pattern.getFileName().toString();
                    if (dir == null || !Files.isDirectory(dir)) continue;
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.filter(f -> dir.getFileSystem().getPathMatcher("glob:" + glob)
                                .matches(f.getFileName())).sorted().toList()) {
                            readLinkerConf(folders, f, depth + 1);
                        }
                    }
                } else {
                    folders.add(Path.of(l));
                }
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable configuration only means fewer folders are searched.
        }
    }

    private static String processMaps() {
        try {
            return Files.readString(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
