package io.arenagen.processor;

import com.google.testing.compile.Compilation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The class files of a {@link Compilation}, loaded by a class loader of their own whose parent is the
 * test's: the generated arenas link against the very {@code arena-runtime} classes the test uses, so
 * they can be cast to {@code SlabAllocator} and compared with {@code SlabArenas}.
 */
final class GeneratedClasses extends ClassLoader {

    private static final String CLASS_OUTPUT = "/CLASS_OUTPUT/";

    private final Map<String, byte[]> classes;

    private GeneratedClasses(Map<String, byte[]> classes) {
        super(GeneratedClasses.class.getClassLoader());
        this.classes = classes;
    }

    /** A loader over every class file {@code compilation} wrote. */
    static GeneratedClasses of(Compilation compilation) {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            String name = path.substring(path.indexOf(CLASS_OUTPUT) + CLASS_OUTPUT.length(),
                    path.length() - ".class".length()).replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new GeneratedClasses(classes);
    }

    /** Loads {@code binaryName}, which the compilation must have produced. */
    Class<?> load(String binaryName) {
        if (!classes.containsKey(binaryName)) {
            throw new AssertionError(binaryName + " was not compiled; compiled: " + classes.keySet());
        }
        try {
            return loadClass(binaryName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
