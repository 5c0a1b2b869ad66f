/**
 * The {@code @Struct} declaration kind: {@code StructValidator} checks a record and lays it out into the
 * immutable {@code StructModel}, from which {@code StructGenerator} generates {@code <Record>Struct}. The
 * {@code arena} kind reads the same models for the structs an arena holds; this package depends on no other
 * kind, only on {@code common}.
 */
package io.arenagen.processor.struct;
