package org.tilestereo.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tilestereo.runtime.DepthRuntime;
import org.tilestereo.runtime.RuntimeOptions;

/** The one precision type: an engine is fp16 or int8, plans also know fp32. */
class PrecisionTest {
    @Test
    void enginesAreBuiltAtFp16OrInt8Only() {
        assertEquals(Precision.FP16, Precision.parseEngine("fp16"));
        assertEquals(Precision.INT8, Precision.parseEngine("INT8"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parseEngine("fp32"));
        assertEquals("unknown precision 'fp32'; expected fp16 or int8", e.getMessage());
        assertTrue(Precision.INT8.isEnginePrecision());
        assertFalse(Precision.FP32.isEnginePrecision());
        assertEquals("int8", Precision.INT8.option(), "the spelling of options and engine cache keys");
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
                () -> new RuntimeOptions(DepthRuntime.TENSORRT, Precision.FP32, null, null, null, 0));
        assertEquals("TensorRT engines are built at fp16 or int8, not fp32", o.getMessage());
    }
}
