import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar leaving out entries, for the distribution (dist/make-dist.sh): other platforms'
 * native libraries, libraries the program never loads. Run as a single-file program:
 *
 * <pre>java dist/PruneJar.java IN.jar OUT.jar RULE...</pre>
 *
 * A RULE is -GLOB (leave out) or +GLOB (keep); the last rule that matches an entry decides, and
 * an entry no rule matches is kept. In a GLOB, ** matches anything and * anything but '/'.
 * Prints what it left out, so the build log shows it.
 */
public final class PruneJar {
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java PruneJar.java IN.jar OUT.jar (-GLOB | +GLOB)...");
            System.exit(2);
        }
        List<Pattern> patterns = new ArrayList<>();
        List<Boolean> keep = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            char sign = args[i].charAt(0);
            if (sign != '-' && sign != '+') {
                System.err.println("PruneJar: rule '" + args[i] + "' must start with - (leave out) or + (keep)");
                System.exit(2);
            }
            patterns.add(glob(args[i].substring(1)));
            keep.add(sign == '+');
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long kept = 0, dropped = 0, droppedBytes = 0;
        try (ZipFile zip = new ZipFile(in.toFile());
             ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
            zos.setLevel(9);
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                boolean k = true;
                for (int r = 0; r < patterns.size(); r++) {
                    if (patterns.get(r).matcher(e.getName()).matches()) {
                        k = keep.get(r);
                    }
                }
                if (!k) {
                    dropped++;
                    droppedBytes += Math.max(0, e.getSize());
                    continue;
                }
                kept++;
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zos.putNextEntry(copy);
                try (InputStream is = zip.getInputStream(e)) {
                    is.transferTo(zos);
                }
                zos.closeEntry();
            }
        }
        System.out.printf("[tilestereo] %s: kept %d entries, left out %d (%.1f MiB unpacked) -> %.1f MiB%n",
                in.getFileName(), kept, dropped, droppedBytes / 1048576.0, Files.size(out) / 1048576.0);
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
