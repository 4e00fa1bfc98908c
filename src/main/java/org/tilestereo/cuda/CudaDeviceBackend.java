package org.tilestereo.cuda;

import org.tilestereo.kernels.DeviceBackend;
import org.tilestereo.kernels.OperatorSizes;
import org.tilestereo.kernels.StereoKernels;

/**
 * The CUDA backend as a {@link DeviceBackend}: on a GPU ({@link OnGpu}, option cuda) or on the
 * software device ({@link OnSoftwareDevice}, option cuda-emulated). Registered in
 * META-INF/services/org.tilestereo.kernels.DeviceBackend.
 */
public abstract class CudaDeviceBackend implements DeviceBackend {
    private final DeviceKind kind;
    private final String option;

    CudaDeviceBackend(DeviceKind kind, String option) {
        this.kind = kind;
        this.option = option;
    }

    @Override
    public String option() {
        return option;
    }

    @Override
    public Report probe() {
        CudaProbe.Report r = CudaProbe.probe(kind);
        if (!r.usable() || r.device() < 0) {
            return new Report(false, r.reason(), "", 0);
        }
        CudaProbe.Device d = r.current();
        return new Report(true, "", d.name(), d.freeBytes());
    }

    @Override
    public OperatorSizes operatorSizes() {
        return CudaFrameOperators.SIZES;
    }

    @Override
    public StereoKernels open(int gpu) {
        return CudaKernels.open(kind, gpu);
    }

    /** The CUDA kernels on a GPU. */
    public static final class OnGpu extends CudaDeviceBackend {
        public OnGpu() {
            super(DeviceKind.CUDA, "cuda");
        }
    }

    /** The CUDA kernels on the software device: a test device, not a GPU. */
    public static final class OnSoftwareDevice extends CudaDeviceBackend {
        public OnSoftwareDevice() {
            super(DeviceKind.SOFTWARE, "cuda-emulated");
        }
    }
}
