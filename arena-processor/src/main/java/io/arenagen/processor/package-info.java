/**
 * The entry points of the annotation processor: {@code ArenaProcessor}, which hands each declaration to its
 * kind ({@code @Struct} to {@code struct}, {@code @Ring} to {@code ring}, {@code @Arena} to {@code arena}),
 * records what it wrote, and turns an unexpected exception into an error; and {@code GeneratedCodeProcessor},
 * which claims the annotations of the generated code. Each kind goes the same way: validation of the
 * annotation's values, an immutable model, generation from the model alone; {@code common} holds what every
 * kind shares.
 */
package io.arenagen.processor;
