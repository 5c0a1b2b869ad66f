package io.arenagen.runtime.layout;

/**
 * A kind of configuration error with a stable tag, for example {@code ArenaSizeNotPowerOfTwo}, that
 * starts every message about it in brackets. Users and tests match errors by tag, never by wording.
 * The value rules ({@link Rule}) are shared by the run-time arenas and the annotation processor; the
 * processor adds its own tags for the annotated type. docs/errors.md lists every tag.
 */
public interface ErrorTag {

    /** The stable tag, for example {@code ArenaSizeNotPowerOfTwo}. */
    String tag();

    /** {@code message} prefixed with {@code [tag] }: the one place that spells the prefix. */
    default String format(String message) {
        return "[" + tag() + "] " + message;
    }
}
