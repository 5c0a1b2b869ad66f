package io.arenagen.runtime.stress;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@link OwnershipTable} for several processes: a plain file mapped shared by each of them, one
 * int per slot, updated by volatile CAS. It deliberately uses nothing of the arena under test.
 */
final class MappedOwnership implements OwnershipTable, AutoCloseable {

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final Arena scope;
    private final MemorySegment words;

    private MappedOwnership(Path file, int slots) throws IOException {
        this.scope = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            this.words = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) slots * Integer.BYTES, scope);
        } catch (IOException | RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    /** Creates {@code file} with {@code slots} zero words and maps it. */
    static MappedOwnership create(Path file, int slots) throws IOException {
        Files.write(file, new byte[slots * Integer.BYTES]);
        return new MappedOwnership(file, slots);
    }

    /** Maps an existing table made by {@link #create}. */
    static MappedOwnership open(Path file, int slots) throws IOException {
        return new MappedOwnership(file, slots);
    }

    @Override
    public boolean claim(int slot, int owner) {
        return INT.compareAndSet(words, (long) slot * Integer.BYTES, 0, owner);
    }

    @Override
    public boolean release(int slot, int owner) {
        return INT.compareAndSet(words, (long) slot * Integer.BYTES, owner, 0);
    }

    @Override
    public int holder(int slot) {
        return (int) INT.getVolatile(words, (long) slot * Integer.BYTES);
    }

    @Override
    public int slots() {
        return (int) (words.byteSize() / Integer.BYTES);
    }

    @Override
    public void close() {
        scope.close();
    }
}
