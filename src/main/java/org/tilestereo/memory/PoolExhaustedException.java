package org.tilestereo.memory;

/** An allocation did not fit the pool; carries the sizes so a planner can re-plan. */
public class PoolExhaustedException extends RuntimeException {
    public final long requested, free, capacity;

    public PoolExhaustedException(String message, long requested, long free, long capacity) {
        super(message);
        this.requested = requested;
        this.free = free;
        this.capacity = capacity;
    }
}
