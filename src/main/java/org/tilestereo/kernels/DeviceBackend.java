package org.tilestereo.kernels;

import java.util.ServiceLoader;

/**
 * A way to run the operators on a device, found at run time through {@link ServiceLoader}, so the
 * application picks a backend by its option without naming its classes: the CUDA backend on a GPU
 * ({@code cuda}) and on the software device ({@code cuda-emulated}).
 */
public interface DeviceBackend {

    /** What a backend finds on this machine: usable or why not, the device and its free memory. */
    record Report(boolean usable, String reason, String deviceName, long freeBytes) {
    }

    /** The --backend value it answers to. */
    String option();

    /** What it finds here, asked once per process; never throws. */
    Report probe();

    /**
     * Opens its operators on its device (GPU index gpu, 0 = the first), which becomes the process's;
     * only when {@link #probe} is usable.
     */
    StereoKernels open(int gpu);

    /** The sizes its operators ask for, for planning before (or without) opening a device. */
    OperatorSizes operatorSizes();

    /** The backend answering to option, or one that reports why this build has none. */
    static DeviceBackend find(String option) {
        for (DeviceBackend b : ServiceLoader.load(DeviceBackend.class, DeviceBackend.class.getClassLoader())) {
            if (b.option().equals(option)) {
                return b;
            }
        }
        return new DeviceBackend() {
            @Override
            public String option() {
                return option;
            }

            @Override
            public Report probe() {
                return new Report(false, "this build has no " + option + " backend", "", 0);
            }

            @Override
            public StereoKernels open(int gpu) {
                throw new IllegalStateException("this build has no " + option + " backend");
            }

            @Override
            public OperatorSizes operatorSizes() {
                throw new IllegalStateException("this build has no " + option + " backend");
            }
        };
    }
}
