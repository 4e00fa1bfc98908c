package org.tilestereo.video;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** What a file is, judged by its name: a photo, a video, or neither. */
public final class MediaFiles {
    private static final Set<String> PHOTOS = Set.of("png", "jpg", "jpeg", "bmp");
    private static final Set<String> VIDEOS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "wmv", "asf", "flv",
            "mpg", "mpeg", "m2v", "ts", "mts", "m2ts", "vob", "3gp", "3g2", "ogv", "dv", "mxf", "y4m", "nut");

    private MediaFiles() {
    }

    public enum Kind { PHOTO, VIDEO, OTHER }

    public static Kind kindOf(Path file) {
        String ext = extension(file);
        if (PHOTOS.contains(ext)) return Kind.PHOTO;
        if (VIDEOS.contains(ext)) return Kind.VIDEO;
        return Kind.OTHER;
    }

    /** The lower-case extension without the dot, or "" when the name has none. */
    public static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The name without its extension. */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
