/**
 * The dependency-injection part of an {@code @Arena} declaration: {@code InjectionValidator} checks the
 * component model, shared-memory name and binding-module values into the immutable {@code Injection}, and
 * {@code InjectionGenerator} adds the container's annotations and the Dagger and Guice modules to what
 * {@code arena} generates. {@code Container} is the one table of the containers' annotation names, which the
 * {@code @Ring} kind reads too (through the entry point) and {@code GeneratedCodeProcessor} claims. It is
 * part of the arena kind, kept apart because it is checked and generated apart from the layout: it reads
 * {@code ArenaValues} and {@code ArenaModel}, and {@code arena} calls it.
 */
package io.arenagen.processor.inject;
