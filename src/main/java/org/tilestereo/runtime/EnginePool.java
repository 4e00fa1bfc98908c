package org.tilestereo.runtime;

/**
 * The run's device memory pool as the TensorRT model sees it (cuda.DevicePool on the CUDA backend,
 * as {@code (bytes, what) -> pool.allocate(bytes, what).address()}): reserve bytes, get a device address
 * (aligned to {@link org.tilestereo.memory.Arena#ALIGNMENT}). The pool's owner releases it with the
 * run; the model never frees what it reserved here.
 */
@FunctionalInterface
public interface EnginePool {
    long reserve(long bytes, String what);
}
