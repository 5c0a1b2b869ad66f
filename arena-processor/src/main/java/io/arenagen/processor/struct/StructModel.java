package io.arenagen.processor.struct;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything the generator needs about one valid {@code @Struct} record, and nothing of the
 * compiler's element API: its fields with their offsets, its size and alignment. The layout is the C
 * one ({@link #layOut}): declaration order, each field at the next multiple of its alignment, the
 * size rounded up to the largest alignment.
 *
 * @param record the annotated record
 * @param generated the class to generate, {@code <Record>Struct} ({@code Outer_InnerStruct} when nested)
 * @param isPublic whether the record and every type around it is public, so the generated class can be
 * @param fields the components, in declaration order, placed
 * @param bytes the size, a multiple of {@code alignment}
 * @param alignment the largest alignment of a field (1 for a struct of bytes)
 */
public record StructModel(ClassName record, ClassName generated, boolean isPublic, List<Field> fields, long bytes,
        long alignment) {

    /** Checks the components and copies the list. */
    public StructModel {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(generated, "generated");
        fields = List.copyOf(fields);
        if (fields.isEmpty() || bytes < 1 || Long.bitCount(alignment) != 1 || bytes % alignment != 0) {
            throw new IllegalArgumentException(record + ": " + fields.size() + " fields, " + bytes + " bytes, alignment "
                    + alignment);
        }
    }

    /** The primitive types a field may have, with their size (= alignment) and C type. */
    public enum Primitive {
        BOOLEAN(TypeName.BOOLEAN, 1, "bool"),
        BYTE(TypeName.BYTE, 1, "int8_t"),
        SHORT(TypeName.SHORT, 2, "int16_t"),
        CHAR(TypeName.CHAR, 2, "uint16_t"),
        INT(TypeName.INT, 4, "int32_t"),
        FLOAT(TypeName.FLOAT, 4, "float"),
        LONG(TypeName.LONG, 8, "int64_t"),
        DOUBLE(TypeName.DOUBLE, 8, "double");

        private final TypeName type;
        private final long bytes;
        private final String cType;

        Primitive(TypeName type, long bytes, String cType) {
            this.type = type;
            this.bytes = bytes;
            this.cType = cType;
        }

        /** The Java type. */
        TypeName type() {
            return type;
        }

        /** Size and alignment. */
        long bytes() {
            return bytes;
        }

        /** The equivalent C type. */
        String cType() {
            return cType;
        }

        /** The Java keyword: {@code int}. */
        String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One field: a primitive, an array of {@code length} primitives, or a nested struct.
     *
     * @param name the component's name
     * @param primitive its type, or of its elements; null for a nested struct
     * @param struct the nested struct; null for a primitive or an array
     * @param length elements of an array; 0 for a scalar or a struct
     * @param offset from the start of the struct
     */
    record Field(String name, Primitive primitive, StructModel struct, int length, long offset) {

        /** Checks that exactly one of {@code primitive} and {@code struct} is given. */
        Field {
            Objects.requireNonNull(name, "name");
            if ((primitive == null) == (struct == null) || length < 0 || struct != null && length != 0 || offset < 0) {
                throw new IllegalArgumentException(name + ": " + primitive + ", " + struct + ", " + length + ", " + offset);
            }
        }

        /** Whether the field is a fixed-length array of primitives. */
        boolean isArray() {
            return length > 0;
        }

        /** Whether the field is a nested struct. */
        boolean isStruct() {
            return struct != null;
        }

        /** Bytes of the field: of one element times the length for an array. */
        long bytes() {
            return isStruct() ? struct.bytes() : primitive.bytes() * Math.max(1, length);
        }

        /** Alignment of the field: of its element for an array. */
        long alignment() {
            return isStruct() ? struct.alignment() : primitive.bytes();
        }

        /** {@code bidPrice} becomes {@code BID_PRICE}, the stem of the field's constants. */
        String constantStem() {
            return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        }

        /** {@code bidPrice} becomes {@code BidPrice}, the stem of the field's accessors. */
        String accessorStem() {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }

    /**
     * A field before placement.
     *
     * @param name the component's name
     * @param primitive its type, or of its elements; null for a nested struct
     * @param struct the nested struct; null otherwise
     * @param length elements of an array; 0 otherwise
     */
    public record Component(String name, Primitive primitive, StructModel struct, int length) {

        long bytes() {
            return new Field(name, primitive, struct, length, 0).bytes();
        }

        long alignment() {
            return new Field(name, primitive, struct, length, 0).alignment();
        }
    }

    /**
     * The index of the first component whose end, or whose rounded-up struct size, would exceed
     * {@code Long.MAX_VALUE}; empty if the struct's size fits in a {@code long}. An array alone cannot
     * overflow (an {@code int} length times at most 8 bytes), but a sum of nested structs can.
     */
    static OptionalInt overflowingComponent(List<Component> components) {
        long offset = 0;
        long alignment = 1;
        for (int i = 0; i < components.size(); i++) {
            Component component = components.get(i);
            long start = alignUp(offset, component.alignment());
            if (start < offset || start > Long.MAX_VALUE - component.bytes()) {
                return OptionalInt.of(i);
            }
            offset = start + component.bytes();
            alignment = Math.max(alignment, component.alignment());
        }
        return alignUp(offset, alignment) < offset ? OptionalInt.of(components.size() - 1) : OptionalInt.empty();
    }

    /**
     * Places {@code components} as a C compiler does: each at the next multiple of its alignment, the size
     * rounded up to the largest alignment.
     *
     * @throws ArithmeticException if the size exceeds {@code Long.MAX_VALUE}; check {@link #overflowingComponent} first
     */
    public static StructModel layOut(ClassName record, ClassName generated, boolean isPublic, List<Component> components) {
        if (overflowingComponent(components).isPresent()) {
            throw new ArithmeticException(record + " is larger than Long.MAX_VALUE bytes");
        }
        List<Field> fields = new ArrayList<>();
        long offset = 0;
        long alignment = 1;
        for (Component component : components) {
            long start = alignUp(offset, component.alignment());
            fields.add(new Field(component.name(), component.primitive(), component.struct(), component.length(), start));
            offset = start + component.bytes();
            alignment = Math.max(alignment, component.alignment());
        }
        return new StructModel(record, generated, isPublic, fields, alignUp(offset, alignment), alignment);
    }

    /**
     * {@code offset} rounded up to a multiple of {@code alignment} (a power of two); it wraps to negative past
     * {@code Long.MAX_VALUE}.
     */
    private static long alignUp(long offset, long alignment) {
        return (offset + alignment - 1) & -alignment;
    }

    /** The class generated for {@code record}: its simple names joined by {@code _}, plus {@code Struct}. */
    public static ClassName generatedNameOf(ClassName record) {
        return ClassName.get(record.packageName(), String.join("_", record.simpleNames()) + "Struct");
    }
}
