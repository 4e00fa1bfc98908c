package org.tilestereo.pipeline;

import java.util.List;

import org.tilestereo.depth.DepthException;
import org.tilestereo.depth.DepthMap;
import org.tilestereo.image.FloatMap;
import org.tilestereo.image.RgbImage;

/**
 * {@link FrameSlots} made of frame programs, one per slot, each on its own queue: the scheduling
 * contract (a slot holds one frame, and goes begin, finish, collect) checked here once, whatever
 * device the programs run on.
 */
public final class ProgramSlots<B> implements FrameSlots {
    private enum State { FREE, BEGUN, FINISHED }

    private final List<FrameProgram<B>> programs;
    private final State[] states;
    private final String description;
    private final AutoCloseable resources;
    private final boolean makesDepth;
    private boolean closed;

    /**
     * @param resources closed after the programs: what they run on (queues, memory)
     */
    public ProgramSlots(List<FrameProgram<B>> programs, String description, AutoCloseable resources) {
        this.programs = List.copyOf(programs);
        this.makesDepth = !programs.isEmpty() && programs.get(0).makesDepth();
        this.states = new State[programs.size()];
        java.util.Arrays.fill(states, State.FREE);
        this.description = description;
        this.resources = resources;
    }

    @Override
    public int count() {
        return programs.size();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean makesDepth() {
        return makesDepth;
    }

    @Override
    public void begin(int slot, RgbImage frame) throws DepthException {
        program(slot, State.FREE, "begin").begin(frame);
        states[slot] = State.BEGUN;
    }

    @Override
    public void begin(int slot, RgbImage frame, DepthMap depth) {
        program(slot, State.FREE, "begin").begin(frame, depth);
        states[slot] = State.BEGUN;
    }

    @Override
    public float[] percentiles(int slot) {
        return program(slot, State.BEGUN, "percentiles").percentiles();
    }

    @Override
    public void finish(int slot, float lo, float hi) {
        program(slot, State.BEGUN, "finish").finish(lo, hi);
        states[slot] = State.FINISHED;
    }

    @Override
    public boolean ready(int slot) {
        return program(slot, State.FINISHED, "ready").ready();
    }

    @Override
    public void collect(int slot, RgbImage out, FloatMap disparity) {
        program(slot, State.FINISHED, "collect").collect(out, null, disparity);
        states[slot] = State.FREE;
    }

    private FrameProgram<B> program(int slot, State expected, String call) {
        if (closed) {
            throw new IllegalStateException("frame slots used after close()");
        }
        if (slot < 0 || slot >= programs.size()) {
            throw new IllegalArgumentException("frame slots: slot " + slot + " of " + programs.size());
        }
        if (states[slot] != expected) {
            throw new IllegalStateException("frame slots: " + call + " on slot " + slot + " that is " + states[slot]
                    + ", expected " + expected);
        }
        return programs.get(slot);
    }

    /** Frees the programs, then what they run on; safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (FrameProgram<B> p : programs) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        try {
            resources.close();
        } catch (RuntimeException e) {
            if (failure == null) failure = e;
        } catch (Exception e) {
            if (failure == null) failure = new IllegalStateException(e);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
