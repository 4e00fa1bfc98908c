package org.tilestereo.api;

import java.util.Locale;

import org.tilestereo.kernels.DeviceBackend;
import org.tilestereo.memory.Bytes;

/**
 * How much device memory a run may plan for: the user's --vram-budget, else what the GPU has free.
 * given: the user named it (a budget given buys detail; see plan.Detail).
 */
public record MemoryBudget(long bytes, String source, boolean given) {

    /** For the GPU: from the option (null when not given) or the GPU's free memory. */
    public static MemoryBudget resolve(String option) throws ConversionException {
        return resolve(option, Backend.CUDA);
    }

    /**
     * From the option (null when not given) or the free memory of the device the backend runs on
     * (the GPU for cpu and auto); an error saying why when neither exists.
     */
    public static MemoryBudget resolve(String option, Backend backend) throws ConversionException {
        if (option != null) {
            long b = Bytes.parse(option);
            return new MemoryBudget(b, "--vram-budget " + option, true);
        }
        String device = Backends.deviceOption(backend);
        DeviceBackend.Report r = DeviceBackend.find(device == null ? "cuda" : device).probe();
        if (!r.usable()) {
            throw new ConversionException("no GPU to plan for (" + r.reason() + "); give a budget with --vram-budget, e.g. 8GiB", null);
        }
        return new MemoryBudget(r.freeBytes(), String.format(Locale.ROOT, "free memory of %s", r.deviceName()), false);
    }
}
