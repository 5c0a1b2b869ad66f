package io.arenagen.processor.common;

import io.arenagen.runtime.layout.ErrorTag;
import io.arenagen.runtime.layout.RuleViolation;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The processor's one path to the {@link Messager}: every error carries a tag from the catalogue
 * ({@link ProcessorError} or a shared {@link io.arenagen.runtime.layout.Rule}) and sits on the exact
 * element or annotation value it is about. It counts what it reports, so that the processor can
 * generate nothing for an arena that got an error.
 */
public final class ErrorReporter {

    private final Messager messager;
    private int errorCount;

    public ErrorReporter(Messager messager) {
        this.messager = messager;
    }

    /** Reports {@code message}, tagged, on {@code element}. */
    public void error(ErrorTag tag, String message, Element element) {
        print(tag.format(message), element, null, null);
    }

    /**
     * Reports {@code message}, tagged, on {@code value} of {@code annotation} on {@code element}; on the
     * annotation when {@code value} is null (a value not written, taken from a default).
     */
    public void error(ErrorTag tag, String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        if (value == null) {
            errorCount++;
            messager.printMessage(Diagnostic.Kind.ERROR, tag.format(message), element, annotation);
        } else {
            print(tag.format(message), element, annotation, value);
        }
    }

    /** Reports {@code message}, tagged, about the whole compilation (a processor option, say). */
    public void error(ErrorTag tag, String message) {
        errorCount++;
        messager.printMessage(Diagnostic.Kind.ERROR, tag.format(message));
    }

    /** Reports a broken value rule on the annotation value it is about; its message is tagged already. */
    public void error(RuleViolation violation, Element element, AnnotationMirror annotation, AnnotationValue value) {
        print(violation.message(), element, annotation, value);
    }

    /** Errors reported so far; compare before and after validating one arena. */
    public int errorCount() {
        return errorCount;
    }

    private void print(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
        errorCount++;
        if (annotation == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
        }
    }
}
