package io.arenagen.runtime.inspect;

/**
 * The shared object changed size while {@link io.arenagen.runtime.SharedMemory#inspect} read it: another
 * process truncated it ({@code ftruncate}), so that a page the mapping still covered no longer existed and
 * reading it faulted (SIGBUS, which the JVM turns into an {@link InternalError}). Nothing was written and
 * no report is made, because the bytes read so far belong to an object that no longer exists in that
 * form; inspecting again reads it as it is now.
 */
public final class ObjectChangedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what changed and what to do
     * @param cause the fault the read ended in
     */
    public ObjectChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
