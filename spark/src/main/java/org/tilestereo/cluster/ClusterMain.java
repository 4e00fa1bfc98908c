package org.tilestereo.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tilestereo cluster convert INPUT... -o OUTDIR [--master URL] [convert's options]}: the inputs
 * come first, then the options; {@code --master} is Spark's (default {@code local[*]}, this JVM;
 * {@code local[N,F]} retries a crashed task up to F-1 times, as clusters do by default), every other
 * option is convert's and applies to every file. Exit 0 when every file converted, 1 when any
 * failed (each said in one line), 2 for a usage error.
 */
public final class ClusterMain {
    private ClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String... args) throws Exception {
        if (args.length == 0 || !args[0].equals("convert")) {
            System.err.println("cluster: usage: cluster convert INPUT... -o OUTDIR [--master URL] [convert's options]");
            return 2;
        }
        List<Path> inputs = new ArrayList<>();
        List<String> options = new ArrayList<>();
        String master = "local[*]";
        Path outDir = null;
        int i = 1;
        while (i < args.length && !args[i].startsWith("-")) {
            inputs.add(Path.of(args[i++]));
        }
        while (i < args.length) {
            String a = args[i];
            if ((a.equals("-o") || a.equals("--output") || a.equals("--master")) && i + 1 >= args.length) {
                System.err.println("cluster: " + a + " needs a value");
                return 2;
            }
            switch (a) {
                case "-o", "--output" -> outDir = Path.of(args[i + 1]);
                case "--master" -> master = args[i + 1];
                default -> {
                    options.add(a);
                    i++;
                    continue;
                }
            }
            i += 2;
        }
        if (inputs.isEmpty() || outDir == null) {
            System.err.println("cluster: give the inputs first and -o OUTDIR (a folder for the results)");
            return 2;
        }
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                System.err.println("cluster: " + in + ": no such file or folder");
                return 1;
            }
        }
        Files.createDirectories(outDir);
        List<ClusterConvert.Unit> all = ClusterConvert.units(inputs, outDir, options, System.err);
        // A rerun converts only what the manifest does not vouch for (missing, changed, never finished).
        Manifest manifest = Manifest.of(outDir);
        List<ClusterConvert.Unit> units = new ArrayList<>();
        for (ClusterConvert.Unit u : all) {
            if (!manifest.vouchesFor(Path.of(u.output()))) {
                units.add(u);
            }
        }
        int skipped = all.size() - units.size();
        int failed = 0, retried = 0;
        if (!units.isEmpty()) {
            SparkSession spark = SparkSession.builder().master(master).appName("tilestereo cluster convert")
                    .config("spark.ui.enabled", "false").getOrCreate();
            try {
                for (ClusterConvert.Outcome o : ClusterConvert.run(spark, units, options)) {
                    if (o.attempt() > 0) {
                        retried++;
                    }
                    if (o.error() != null) {
                        failed++;
                        System.err.println("error: " + o.error());
                    } else {
                        manifest.record(Path.of(o.output()));
                    }
                }
            } finally {
                spark.stop();
                manifest.write();
            }
        }
        System.err.println("cluster: converted " + (units.size() - failed) + " of " + units.size() + " files into " + outDir
                + (skipped > 0 ? ", skipped " + skipped + " already finished" : "") + (failed > 0 ? ", failed " + failed : "")
                + (retried > 0 ? ", " + retried + " task" + (retried > 1 ? "s" : "") + " retried by Spark after a crash" : ""));
        return failed == 0 ? 0 : 1;
    }
}
