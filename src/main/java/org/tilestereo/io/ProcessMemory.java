package org.tilestereo.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux reports it (/proc/self/status), and its peak, which can
 * be reset to the current size to measure one stretch of work.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** VmRSS: resident bytes now. */
    public static long resident() throws IOException {
        return status("VmRSS:");
    }

    /** VmHWM: the most resident bytes since the process started or {@link #resetPeak} ran. */
    public static long peak() throws IOException {
        return status("VmHWM:");
    }

    /** Resets the peak to the current resident size ("5" into /proc/self/clear_refs). */
    public static void resetPeak() throws IOException {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    }

    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("/proc/self/status has no " + field);
    }
}
