package org.tilestereo.cuda;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the code objects nvcc embedded in a shared library's .nv_fatbin section ("ELF sm_86",
 * "PTX compute_90"), so tests can check the architectures without cuobjdump. The fatbin layout is
 * not documented by NVIDIA: the header fields read here (entry kind, architecture) are cross-checked
 * against the ELF image each machine-code entry holds (e_machine EM_CUDA, architecture in bits
 * 8..15 of e_flags), so a misreading fails loudly instead of passing.
 */
final class FatbinContents {
    private static final int FATBIN_MAGIC = 0xBA55ED50;
    private static final int EM_CUDA = 190;

    private FatbinContents() {
    }

    static List<String> of(Path library) throws IOException {
        ByteBuffer blob = section(ByteBuffer.wrap(Files.readAllBytes(library)).order(ByteOrder.LITTLE_ENDIAN), ".nv_fatbin", library);
        List<String> found = new ArrayList<>();
        int at = 0;
        while (at + 16 <= blob.limit()) {
            int magic = blob.getInt(at);
            if (magic == 0) { // padding between the fatbins of several translation units
                at += 8;
                continue;
            }
            if (magic != FATBIN_MAGIC) {
                throw new IOException(library + ": unknown fatbin magic " + Integer.toHexString(magic) + " at " + at);
            }
            int headerSize = Short.toUnsignedInt(blob.getShort(at + 6));
            long fatSize = blob.getLong(at + 8);
            int entry = at + headerSize;
            int end = Math.toIntExact(entry + fatSize);
            while (entry < end) {
                int kind = Short.toUnsignedInt(blob.getShort(entry));
                int entryHeader = blob.getInt(entry + 4);
                int size = Math.toIntExact(blob.getLong(entry + 8));
                int arch = blob.getInt(entry + 28);
                int payload = entry + entryHeader;
                if (kind == 2) {
                    found.add("ELF sm_" + checkedElfArch(blob, payload, arch, library));
                } else if (kind == 1) {
                    found.add("PTX compute_" + arch);
                } else {
                    throw new IOException(library + ": unknown fatbin entry kind " + kind);
                }
                entry = payload + size;
            }
            at = end;
        }
        return found;
    }

    private static int checkedElfArch(ByteBuffer blob, int at, int arch, Path library) throws IOException {
        boolean elf = blob.getInt(at) == 0x464C457F; // "\x7fELF"
        int machine = Short.toUnsignedInt(blob.getShort(at + 0x12));
        int elfArch = (blob.getInt(at + 0x30) >>> 8) & 0xFF;
        if (!elf || machine != EM_CUDA || elfArch != arch) {
            throw new IOException(library + ": fatbin entry for sm_" + arch + " holds no matching CUDA ELF (elf " + elf
                    + ", e_machine " + machine + ", sm_" + elfArch + ")");
        }
        return arch;
    }

    /** The named section of a 64-bit little-endian ELF file. */
    private static ByteBuffer section(ByteBuffer elf, String wanted, Path file) throws IOException {
        if (elf.getInt(0) != 0x464C457F || elf.get(4) != 2) {
            throw new IOException(file + ": not a 64-bit ELF file");
        }
        long sectionHeaders = elf.getLong(0x28);
        int entrySize = Short.toUnsignedInt(elf.getShort(0x3A));
        int count = Short.toUnsignedInt(elf.getShort(0x3C));
        int namesIndex = Short.toUnsignedInt(elf.getShort(0x3E));
        int namesAt = Math.toIntExact(elf.getLong(Math.toIntExact(sectionHeaders + (long) namesIndex * entrySize + 0x18)));
        for (int i = 0; i < count; i++) {
            int header = Math.toIntExact(sectionHeaders + (long) i * entrySize);
            int nameAt = namesAt + elf.getInt(header);
            int nameEnd = nameAt;
            while (elf.get(nameEnd) != 0) {
                nameEnd++;
            }
            byte[] name = new byte[nameEnd - nameAt];
            elf.get(nameAt, name);
            if (wanted.equals(new String(name, StandardCharsets.US_ASCII))) {
                int offset = Math.toIntExact(elf.getLong(header + 0x18));
                int size = Math.toIntExact(elf.getLong(header + 0x20));
                return elf.slice(offset, size).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        throw new IOException(file + ": no " + wanted + " section");
    }
}
