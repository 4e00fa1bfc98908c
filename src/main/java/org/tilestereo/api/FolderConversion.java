package org.tilestereo.api;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tilestereo.kernels.Layout;
import org.tilestereo.video.Cancellation;
import org.tilestereo.video.InterruptHook;
import org.tilestereo.video.MediaFiles;
import org.tilestereo.video.VideoCodec;

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
        boolean sameFolder = sameFolder(dir, outDir);
        Layout layout = o.stereo().layout();

        List<Path> inputs = new ArrayList<>();
        int ignored = 0;
        for (Path f : files) {
            MediaFiles.Kind kind = MediaFiles.kindOf(f);
            if (kind == MediaFiles.Kind.OTHER || sameFolder && looksLikeAResult(f)) {
                ignored++;
            } else {
                inputs.add(f);
            }
        }
        if (inputs.isEmpty()) {
            throw new ConversionException(dir + ": no photos (png, jpg, bmp) or videos in this folder", null);
        }
        Map<Path, String> names = outputNames(inputs, layout, o.video().codec(), log);
        boolean created = prepareOutputFolder(outDir, log, o.verbose());

        int converted = 0, skipped = 0, failed = 0;
        List<String> failures = new ArrayList<>();
        List<Path[]> work = new ArrayList<>();
        for (Path f : inputs) {
            Path target = outDir.resolve(names.get(f));
            if (Files.exists(target) && !o.overwrite()) {
                skipped++;
                if (o.verbose()) log.println("skip " + f.getFileName() + ": " + target.getFileName() + " exists");
                continue;
            }
            work.add(new Path[] {f, target});
        }
        boolean interrupted = false;
        try {
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
                    } catch (ConversionException | RuntimeException e) {
                        if (cancel.isCancelled()) {
                            break;
                        }
                        // One file's failure, even an internal one, never stops the others.
                        failed++;
                        String why = e instanceof ConversionException ? e.getMessage()
                                : in + ": internal error (" + e + "); the other files go on";
                        failures.add(why);
                        log.println("error: " + org.tilestereo.io.Printable.of(why));
                    }
                }
            }
            interrupted = cancel.isCancelled();
        } finally {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: converted %d", dir, converted));
            if (skipped > 0) s.append(", skipped ").append(skipped).append(" already converted (use -y to convert them again)");
            if (failed > 0) s.append(", failed ").append(failed);
            int notTried = work.size() - converted - failed;
            if (notTried > 0) s.append(", not tried ").append(notTried);
            if (ignored > 0 && o.verbose()) s.append(", ignored ").append(ignored).append(" other files");
            log.println(s);
            if (created) {
                removeIfEmpty(outDir, log, o.verbose());
            }
        }
        if (failed > 0) {
            throw new ConversionException(dir + ": " + failed + " of " + (converted + failed) + " files failed (see above)", null);
        }
        if (interrupted) {
            throw new ConversionException(dir + ": interrupted; " + converted + " converted, run it again to finish", null);
        }
        return new Summary(converted, skipped, failed, ignored, failures);
    }

    /**
     * Each input's result name, unique in the output folder: name.LAYOUT.ext, except where inputs
     * would share one (a.jpg, a.jpeg, a.JPG; names compared ignoring case, as some file systems do):
     * those keep their whole file name, a.jpeg.LAYOUT.jpg, so no result overwrites another and each
     * name depends only on the folder's inputs (said in one note).
     */
    public static Map<Path, String> outputNames(List<Path> inputs, Layout layout, VideoCodec codec, PrintStream log) {
        Map<String, List<Path>> byName = new TreeMap<>();
        for (Path f : inputs) {
            byName.computeIfAbsent(outputName(f, MediaFiles.kindOf(f), layout, codec).toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(f);
        }
        Map<Path, String> names = new LinkedHashMap<>();
        for (List<Path> same : byName.values()) {
            if (same.size() == 1) {
                names.put(same.get(0), outputName(same.get(0), MediaFiles.kindOf(same.get(0)), layout, codec));
                continue;
            }
            List<String> given = new ArrayList<>();
            for (Path f : same) {
                String name = f.getFileName() + "." + outputName(f, MediaFiles.kindOf(f), layout, codec)
                        .substring(MediaFiles.baseName(f).length() + 1);
                names.put(f, name);
                given.add(f.getFileName() + " -> " + name);
            }
            log.println("note: " + same.size() + " inputs would share the result name "
                    + outputName(same.get(0), MediaFiles.kindOf(same.get(0)), layout, codec) + "; they keep their extension: "
                    + String.join(", ", given));
        }
        return names;
    }

    /** The result's file name: name.LAYOUT.ext, photos keeping their format, videos as MP4 (MKV for a codec MP4 cannot hold). */
    public static String outputName(Path input, MediaFiles.Kind kind, Layout layout, VideoCodec codec) {
        String base = MediaFiles.baseName(input) + "." + layout.cliName() + ".";
        if (kind == MediaFiles.Kind.VIDEO) return base + (codec.fitsMp4() ? "mp4" : "mkv");
        if (layout == Layout.DEPTH) return base + "png";
        String ext = MediaFiles.extension(input);
        return base + (ext.equals("jpeg") ? "jpg" : ext);
    }

    private static final Pattern RESULT = Pattern.compile(".*\\.(sbs|hsbs|tb|htb|anaglyph|left|right|depth)\\.(png|jpg|bmp|mp4|mkv)",
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

    /** Removes the output folder this run created when nothing is in it (a run that converted nothing). */
    private static void removeIfEmpty(Path outDir, PrintStream log, boolean verbose) {
        try (Stream<Path> left = Files.list(outDir)) {
            if (left.findAny().isEmpty()) {
                Files.delete(outDir);
                if (verbose) log.println("removed the empty folder " + outDir);
            }
        } catch (IOException e) {
            // it stays; nothing was lost
        }
    }

    /** Makes sure the output folder exists and is writable; true when this run created it. */
    private static boolean prepareOutputFolder(Path outDir, PrintStream log, boolean verbose) throws ConversionException {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new ConversionException(outDir + ": is a file; when INPUT is a folder, -o names the folder for the results", null);
        }
        if (!Files.exists(outDir) && MediaFiles.kindOf(outDir) != MediaFiles.Kind.OTHER) {
            throw new ConversionException(outDir + ": the input is a folder, so -o names a folder for the results, and "
                    + outDir.getFileName() + " is named like a photo or video; give a folder name", null);
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
            return true;
        }
        if (!Files.isWritable(outDir)) {
            throw new ConversionException(outDir + ": folder is not writable", null);
        }
        return false;
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
