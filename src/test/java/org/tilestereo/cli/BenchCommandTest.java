package org.tilestereo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilestereo.bench.OperatorCase;
import org.tilestereo.cuda.CudaProbe;
import org.tilestereo.testing.CliRun;

class BenchCommandTest {
    private static final Pattern RESULT = Pattern.compile("\\{\"operator\": \"([^\"]+)\", \"width\": (\\d+), \"height\": (\\d+), "
            + "\"bytes\": (\\d+), \"gpuMs\": ([^,]+), \"gpuGBps\": ([^,]+), \"copyGBps\": ([^,]+), \"fractionOfCopy\": ([^,]+), "
            + "\"javaMs\": ([^,]+), \"javaGBps\": ([^}]+)}");

    private record Row(String op, int w, int h, long bytes, String gpuMs, String gpuGBps, String copyGBps,
                       String fraction, double javaMs, double javaGBps) {
    }

    private static List<Row> rows(String json) {
        List<Row> rows = new ArrayList<>();
        Matcher m = RESULT.matcher(json);
        while (m.find()) {
            rows.add(new Row(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)),
                    m.group(5), m.group(6), m.group(7), m.group(8), Double.parseDouble(m.group(9)), Double.parseDouble(m.group(10))));
        }
        return rows;
    }

    @Test
    void cpuOnlyMeasuresTheJavaReferenceAndWritesJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("out/bench.json");
        CliRun r = CliRun.of("bench", "--sizes", "33x17,64x40", "--repeat", "3", "--cpu-only", "--json", json.toString());
        assertEquals(0, r.status(), r::toString);
        System.out.print(r.out());
        assertTrue(r.out().contains("GPU columns missing: --cpu-only: the GPU was not measured"), r.out());
        assertTrue(!r.out().contains("GPU ms"), "no GPU columns without a GPU measurement");

        String text = Files.readString(json);
        assertTrue(text.contains("\"gpu\": {\"available\": false, \"reason\": \"--cpu-only: the GPU was not measured\"}"), text);
        assertTrue(text.contains("\"repeat\": 3,") && text.contains("\"warmup\": 3,"), text);
        List<Row> rows = rows(text);
        assertEquals(2 * OperatorCase.values().length, rows.size(), text);
        for (Row row : rows) {
            assertEquals("null", row.gpuMs(), row.op());
            assertEquals("null", row.gpuGBps(), row.op());
            assertEquals("null", row.copyGBps(), row.op());
            assertEquals("null", row.fraction(), row.op());
            assertTrue(row.javaMs() > 0 && row.javaGBps() > 0, row::toString);
            assertEquals(row.bytes() / (row.javaMs() * 1e6), row.javaGBps(), 1e-4 * row.javaGBps(), "GB/s = bytes / time");
        }
        Row warp = rows.stream().filter(x -> x.op().equals("warp_forward") && x.w() == 33).findFirst().orElseThrow();
        assertEquals(14L * 33 * 17, warp.bytes(), "warp_forward reads 3 + 4 and writes 3 + 4 bytes per pixel");
        Row extract = rows.stream().filter(x -> x.op().equals("tile_extract") && x.w() == 64).findFirst().orElseThrow();
        assertEquals(3L * 64 * 40 + 3L * 518 * 518 * 4, extract.bytes(), "one 518-pixel tile covers 64x40");
    }

    /** Without --cpu-only: the GPU where there is one, else one line saying why its columns are missing. */
    @Test
    void theGpuIsMeasuredWhereThereIsOne(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("bench.json");
        CliRun r = CliRun.of("bench", "--sizes", "31x9", "--repeat", "2", "--json", json.toString());
        assertEquals(0, r.status(), r::toString);
        CudaProbe.Report probe = CudaProbe.probe();
        List<Row> rows = rows(Files.readString(json));
        assertEquals(OperatorCase.values().length, rows.size());
        if (probe.usable()) {
            assertTrue(r.out().startsWith("GPU: " + probe.devices().get(probe.device()).name()), r.out());
            for (Row row : rows) {
                assertTrue(Double.parseDouble(row.gpuMs()) > 0 && Double.parseDouble(row.copyGBps()) > 0, row::toString);
            }
        } else {
            assertTrue(r.out().startsWith("GPU columns missing: CUDA unavailable: " + probe.reason() + "\n"), r.out());
            assertTrue(rows.stream().allMatch(x -> x.gpuMs().equals("null")));
        }
    }

    @Test
    void badSizesAreAUsageError() {
        CliRun r = CliRun.of("bench", "--sizes", "1920by1080", "--cpu-only");
        assertEquals(2, r.status(), r::toString);
        assertEquals("bench: --sizes: '1920by1080' is not a size; write WIDTHxHEIGHT, e.g. 1920x1080 (see --help)\n", r.err());
        assertEquals(2, CliRun.of("bench", "--repeat", "0", "--cpu-only").status());
    }
}
