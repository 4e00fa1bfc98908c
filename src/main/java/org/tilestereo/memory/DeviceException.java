package org.tilestereo.memory;

/**
 * A device refused a call (an allocation, a copy, a launch): what code above the operators catches
 * without naming the backend that threw it.
 */
public class DeviceException extends RuntimeException {
    public DeviceException(String message) {
        super(message);
    }
}
