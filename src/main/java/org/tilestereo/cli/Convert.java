package org.tilestereo.cli;

public final class Convert {
    public static void main(String[] args) {
        System.err.println("not yet");
        System.exit(1);
    }
}
