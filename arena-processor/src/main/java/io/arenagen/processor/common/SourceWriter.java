package io.arenagen.processor.common;

import com.palantir.javapoet.JavaFile;

import java.io.IOException;

/** Writes a generated source file (the processor records it as arenagen's before it goes to the filer). */
@FunctionalInterface
public interface SourceWriter {
    /** Writes {@code file}. */
    void write(JavaFile file) throws IOException;
}
