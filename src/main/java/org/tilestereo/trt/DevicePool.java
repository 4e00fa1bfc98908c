package org.tilestereo.trt;

/**
 * The run's device memory pool as the TensorRT model sees it: reserve bytes, get a device address
 * (aligned to {@link org.tilestereo.memory.Arena#ALIGNMENT}). The pool's owner releases it with the
 * run; the model never frees what it reserved here.
 */
@FunctionalInterface
public interface DevicePool {
    long reserve(long bytes, String what);
}
