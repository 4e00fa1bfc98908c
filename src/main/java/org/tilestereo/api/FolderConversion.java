package org.tilestereo.api;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tilestereo.kernels.Layout;
import org.tilestereo.video.Cancellation;
import org.tilestereo.video.InterruptHook;
import org.tilestereo.video.MediaFiles;

/**
 * Converts every photo and video in a folder (not its sub-folders) into an output folder, with the
 * same settings for all. Results are named after their input and the layout, {@code name.sbs.jpg},
 * {@code name.sbs.mp4} (photos keep their format, the depth layout is PNG, videos become MP4). A
 * result that already exists counts as done and is skipped, so an interrupted folder run picks up
 * where it stopped; -y converts everything again. A file that fails is reported and the others go
 * on; the run fails (exit 1) at the end if any did.
 */
public final class FolderConversion {
    private FolderConversion() {
    }

    /** What a folder run did. */
    public record Summary(int converted, int skipped, int failed, int ignored, List<String> failures) {
    }

    public static Summary run(ConvertOptions o, PrintStream log) throws ConversionException {
        Cancellation cancel = new Cancellation();
        try (InterruptHook hook = InterruptHook.install(cancel, log, "convert")) {
            return run(o, log, cancel, hook);
        }
    }

    static Summary run(ConvertOptions o, PrintStream log, Cancellation cancel, InterruptHook hook) throws ConversionException {
        Path dir = o.input(), outDir = o.output();
        List<Path> files = list(dir);
        prepareOutputFolder(outDir, log, o.verbose());
        boolean sameFolder = sameFolder(dir, outDir);
        Layout layout = o.stereo().layout();

        int converted = 0, skipped = 0, failed = 0, ignored = 0;
        List<String> failures = new ArrayList<>();
        List<Path[]> work = new ArrayList<>();
        for (Path f : files) {
            MediaFiles.Kind kind = MediaFiles.kindOf(f);
            if (kind == MediaFiles.Kind.OTHER || sameFolder && looksLikeAResult(f)) {
                ignored++;
                continue;
            }
            Path target = outDir.resolve(outputName(f, kind, layout));
            if (Files.exists(target) && !o.overwrite()) {
                skipped++;
                if (o.verbose()) log.println("skip " + f.getFileName() + ": " + target.getFileName() + " exists");
                continue;
            }
            work.add(new Path[] {f, target});
        }
        if (work.isEmpty() && skipped == 0) {
            throw new ConversionException(dir + ": no photos (png, jpg, bmp) or videos in this folder", null);
        }
        // One backend and one depth model for the whole folder, opened at the first file.
        try (RunResources shared = new RunResources(o, log)) {
            for (int i = 0; i < work.size() && !cancel.isCancelled(); i++) {
                Path in = work.get(i)[0], target = work.get(i)[1];
                log.println("[" + (i + 1) + "/" + work.size() + "] " + in.getFileName() + " -> " + target.getFileName());
                ConvertOptions file = o.withFiles(in, target);
                try {
                    if (MediaFiles.kindOf(in) == MediaFiles.Kind.VIDEO) {
                        VideoConversion.run(file, log, cancel, hook, shared);
                    } else {
                        ImageConversion.run(file, log, shared);
                    }
                    converted++;
                } catch (ConversionException e) {
                    if (cancel.isCancelled()) {
                        break;
                    }
                    failed++;
                    failures.add(e.getMessage());
                    log.println("error: " + e.getMessage());
                }
            }
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: converted %d", dir, converted));
        if (skipped > 0) s.append(", skipped ").append(skipped).append(" already converted (use -y to convert them again)");
        if (failed > 0) s.append(", failed ").append(failed);
        if (ignored > 0 && o.verbose()) s.append(", ignored ").append(ignored).append(" other files");
        log.println(s);
        if (failed > 0) {
            throw new ConversionException(dir + ": " + failed + " of " + (converted + failed) + " files failed (see above)", null);
        }
        return new Summary(converted, skipped, failed, ignored, failures);
    }

    /** The result's file name: name.LAYOUT.ext, photos keeping their format, videos as MP4. */
    public static String outputName(Path input, MediaFiles.Kind kind, Layout layout) {
        String base = MediaFiles.baseName(input) + "." + layout.cliName() + ".";
        if (kind == MediaFiles.Kind.VIDEO) return base + "mp4";
        if (layout == Layout.DEPTH) return base + "png";
        String ext = MediaFiles.extension(input);
        return base + (ext.equals("jpeg") ? "jpg" : ext);
    }

    private static final Pattern RESULT = Pattern.compile(".*\\.(sbs|hsbs|tb|htb|anaglyph|left|right|depth)\\.(png|jpg|bmp|mp4)",
            Pattern.CASE_INSENSITIVE);

    private static boolean looksLikeAResult(Path f) {
        return RESULT.matcher(f.getFileName().toString()).matches();
    }

    private static List<Path> list(Path dir) throws ConversionException {
        if (!Files.isReadable(dir)) {
            throw new ConversionException(dir + ": folder not readable (permission denied)", null);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConversionException(dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
    }

    private static void prepareOutputFolder(Path outDir, PrintStream log, boolean verbose) throws ConversionException {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new ConversionException(outDir + ": is a file; when INPUT is a folder, -o names the folder for the results", null);
        }
        if (!Files.exists(outDir)) {
            Path parent = outDir.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new ConversionException(outDir + ": folder " + parent + " does not exist", null);
            }
            try {
                Files.createDirectory(outDir);
            } catch (IOException e) {
                throw new ConversionException(outDir + ": cannot create the folder (" + e.getMessage() + ")", e);
            }
            if (verbose) log.println("created " + outDir);
        }
        if (!Files.isWritable(outDir)) {
            throw new ConversionException(outDir + ": folder is not writable", null);
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
