package org.tilestereo.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Begins an output, writes half of it, says where, and waits to be stopped by a signal. */
public final class UnfinishedOutputChild {
    public static void main(String[] args) throws Exception {
        OutputFile out = OutputFile.begin(Path.of(args[0]), false);
        Files.writeString(out.temp(), "half a photo");
        System.out.println(out.temp());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
