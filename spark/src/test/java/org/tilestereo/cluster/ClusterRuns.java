package org.tilestereo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the cluster job as its command line does and returns what it said on stderr, checking its exit status. */
final class ClusterRuns {
    private ClusterRuns() {
    }

    static String said(int status, String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int got;
        try {
            got = ClusterMain.run(args);
        } finally {
            System.setErr(before);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        System.out.println(said.lines().filter(l -> l.startsWith("cluster:")).reduce("", (a, b) -> a + b + "\n"));
        assertEquals(status, got, said);
        return said;
    }
}
