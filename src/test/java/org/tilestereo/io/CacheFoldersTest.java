package org.tilestereo.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CacheFoldersTest {
    @Test
    void cacheFolderPrecedence() {
        assertEquals(java.nio.file.Path.of("/c"), CacheFolders.root(Map.of("TILESTEREO_CACHE", "/c", "XDG_CACHE_HOME", "/x"), "/h"));
        assertEquals(java.nio.file.Path.of("/x/tilestereo"), CacheFolders.root(Map.of("XDG_CACHE_HOME", "/x"), "/h"));
        assertEquals(java.nio.file.Path.of("/h/.cache/tilestereo"), CacheFolders.root(Map.of(), "/h"));
        assertEquals(java.nio.file.Path.of("/given"), CacheFolders.models(java.nio.file.Path.of("/given")));
    }
}
