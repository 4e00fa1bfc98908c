package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * TensorRT keeps one logger per process: the second model in a JVM must not get a logger of its
 * own (TensorRT would ignore it and keep logging through the first, freed with the first model);
 * the one logger's messages go wherever the model opened last points them.
 */
class TrtLogTest {

    @Test
    void theOneLogFollowsTheModelThatOpenedLast() {
        ByteArrayOutputStream first = new ByteArrayOutputStream(), second = new ByteArrayOutputStream();
        TrtLog log = new TrtLog();
        log.attach(new PrintStream(first, true, StandardCharsets.UTF_8), false);
        log.message(TrtLog.ERROR, "first model's error");
        log.message(TrtLog.WARNING, "a warning nobody asked for");
        log.attach(new PrintStream(second, true, StandardCharsets.UTF_8), true);
        log.message(TrtLog.ERROR, "second model's error");
        log.message(TrtLog.WARNING, "a warning asked for");
        log.message(3, "info is never shown");
        assertEquals("TensorRT error: first model's error\n", first.toString(StandardCharsets.UTF_8));
        assertEquals("TensorRT error: second model's error\nTensorRT warning: a warning asked for\n",
                second.toString(StandardCharsets.UTF_8));
        assertEquals("second model's error", log.lastError());
    }

    @Test
    void withoutAnErrorTheLastErrorSaysSo() {
        assertEquals("TensorRT gave no detail", new TrtLog().lastError());
    }
}
