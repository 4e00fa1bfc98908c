package org.tilestereo.cli;

import picocli.CommandLine;

/** Version from the jar's manifest (or "development" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"tilestereo " + (v == null ? "(development build)" : v)};
    }
}
