/**
 * The {@code @Arena} declaration kind: {@code ArenaDeclarations} validates a declaration (the type, the
 * layout values with the run-time rules, the held {@code @Struct} records, the members against the generated
 * class), builds the immutable {@code ArenaModel} and generates {@code <Interface>Impl} and its thread cache
 * from it. The injection part of the model and the code comes from {@code inject}, the held structs' models
 * from {@code struct}.
 */
package io.arenagen.processor.arena;
