package org.tilestereo.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.tilestereo.cuda.CudaMemory;

/**
 * A JavaCPP Pointer at a device address comes from one helper, CudaMemory.at. The trap it avoids:
 * in an anonymous subclass, {@code new Pointer() {{ address = address; }}} assigns the inherited
 * field to itself and the address stays 0 (TensorRT's buffers were all NULL this way).
 */
class DevicePointersTest {

    @Test
    void theHelperKeepsTheAddress() {
        assertEquals(0x7f00_1234_5600L, CudaMemory.at(0x7f00_1234_5600L).address());
    }

    @Test
    void noAnonymousPointerSubclassAnywhere() {
        List<String> anonymous = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tilestereo").stream()
                .filter(c -> c.isAnonymousClass() && c.isAssignableTo(Pointer.class))
                .map(JavaClass::getName).sorted().toList();
        assertEquals(List.of(), anonymous, "anonymous Pointer subclasses (use CudaMemory.at)");
    }
}
