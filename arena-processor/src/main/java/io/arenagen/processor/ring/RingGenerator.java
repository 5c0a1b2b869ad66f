package io.arenagen.processor.ring;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.arenagen.runtime.queue.RingHeader;
import io.arenagen.runtime.queue.RingLayout;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Interface>Impl}: the layout as {@code static final} constants (capacity, mask, slot
 * size, data offset, header offsets, footprint, the element's size and alignment, the {@code RingLayout}),
 * constructors for the backend. A queue of 64-bit values extends the runtime's class of its policy
 * ({@code SpscLongRing}, {@code MpscLongRing}, {@code MpmcLongRing}), whose operations are final, so a call
 * on the generated class runs the policy's code itself, with no queue object in between. A queue of
 * {@code @Struct} records hands every {@code StructRing} method to the runtime's queue of that policy.
 * A queue of {@code @Struct} records also gets typed, copying {@code offer(Record)} and {@code poll()} (and
 * their blocking variants) through the generated {@code <Record>Struct}.
 */
final class RingGenerator {

    private static final String RUNTIME = "io.arenagen.runtime.queue";
    private static final ClassName SPSC_LONG_RING = ClassName.get(RUNTIME, "SpscLongRing");
    private static final ClassName MPSC_LONG_RING = ClassName.get(RUNTIME, "MpscLongRing");
    private static final ClassName MPMC_LONG_RING = ClassName.get(RUNTIME, "MpmcLongRing");
    private static final ClassName STRUCT_RING = ClassName.get(RUNTIME, "StructRing");
    private static final ClassName STRUCT_RINGS = ClassName.get(RUNTIME, "StructRings");
    private static final ClassName SEGMENT = ClassName.get("java.lang.foreign", "MemorySegment");
    private static final ClassName FOREIGN_ARENA = ClassName.get("java.lang.foreign", "Arena");
    private static final ClassName RING_LAYOUT = ClassName.get(RUNTIME, "RingLayout");
    private static final ClassName RING_POLICY = ClassName.get(RUNTIME, "RingPolicy");
    private static final ClassName RING_STATS = ClassName.get(RUNTIME, "RingStats");
    private static final ClassName IDLE = ClassName.get(RUNTIME, "IdleStrategy");
    private static final ClassName SHM_OPTIONS = ClassName.get("io.arenagen.runtime", "ShmOptions");

    private RingGenerator() {
    }

    static JavaFile generate(RingModel model, Element origin) {
        RingLayout layout = model.layout();
        RingStruct struct = model.struct();
        TypeSpec.Builder type = TypeSpec.classBuilder(model.impl())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(model.iface())
                .addOriginatingElement(origin)
                .addJavadoc(javadoc(model));
        for (ClassName annotation : model.container().classAnnotations()) {
            type.addAnnotation(annotation);
        }
        constant(type, "CAPACITY", layout.capacity(), "Slots, a power of two.");
        constant(type, "MASK", layout.mask(), "{@code CAPACITY - 1}: a position's slot is {@code position & MASK}.");
        constant(type, "SLOT_SIZE", layout.slotSize(), "{@code sizeof(Slot)} as the C++ compiler places it.");
        constant(type, "DATA_OFFSET", layout.dataOffset(), "Offset of the element in its slot.");
        constant(type, "HEAD_OFFSET", RingHeader.HEAD_OFFSET, "Offset of the write position.");
        constant(type, "TAIL_OFFSET", RingHeader.TAIL_OFFSET, "Offset of the read position.");
        constant(type, "SLOTS_OFFSET", RingHeader.SLOTS_OFFSET, "Offset of slot 0: {@code sizeof(QueueSync)}.");
        constant(type, "TOTAL_SIZE", layout.totalSize(), "{@code sizeof(QueueSync) + CAPACITY * SLOT_SIZE}.");
        FieldSpec.Builder layoutField = FieldSpec.builder(RING_LAYOUT, "LAYOUT", Modifier.PUBLIC, Modifier.STATIC,
                Modifier.FINAL).addJavadoc("The layout, checked by the processor with the run-time rules.\n");
        if (struct == null) {
            layoutField.initializer("$T.ofLongs($T.$L, CAPACITY)", RING_LAYOUT, RING_POLICY, layout.policy().name());
        } else {
            constant(type, "ELEMENT_SIZE", layout.elementSize(), "{@code sizeof} the element: {@link "
                    + struct.generated().simpleName() + "#BYTES}.");
            constant(type, "ELEMENT_ALIGNMENT", layout.elementAlignment(), "{@code alignof} the element: {@link "
                    + struct.generated().simpleName() + "#ALIGNMENT}.");
            layoutField.initializer("$T.of($T.$L, CAPACITY, ELEMENT_SIZE, ELEMENT_ALIGNMENT)", RING_LAYOUT, RING_POLICY,
                    layout.policy().name());
        }
        type.addField(layoutField.build());
        if (model.name() != null) {
            type.addField(FieldSpec.builder(String.class, "NAME", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The shared-memory object's name.\n").initializer("$S", model.name()).build());
        }
        if (struct == null) {
            type.superclass(policyClass(layout));
            constructors(type, model);
            closeOnDestroy(type, model);
        } else {
            type.addField(STRUCT_RING, "ring", Modifier.PRIVATE, Modifier.FINAL);
            constructors(type, model);
            delegates(type, model);
            typed(type, struct);
        }
        return JavaFile.builder(model.impl().packageName(), type.build()).skipJavaLangImports(true).build();
    }

    private static String javadoc(RingModel model) {
        RingLayout layout = model.layout();
        return "Generated by arenagen from {@link " + model.iface().simpleName() + "}: " + layout.describe()
                + (model.shared() ? ", in shared memory" : ", in private memory") + ".\n\n<pre>\n"
                + "offset  field\n"
                + "     0  magic\n"
                + "     8  queue descriptor (policy, capacity, element)\n"
                + "    " + RingHeader.HEAD_OFFSET + "  head (write position)\n"
                + "   " + RingHeader.TAIL_OFFSET + "  tail (read position)\n"
                + "   " + RingHeader.SLOTS_OFFSET + "  " + layout.capacity() + " slots of " + layout.slotSize()
                + " bytes" + (layout.policy().sequenced() ? " (seq at 0, " + (model.struct() == null ? "value"
                : model.struct().record().simpleName()) + " at " + layout.dataOffset() + ")" : "")
                + "\n" + "</pre>\n";
    }

    private static void constant(TypeSpec.Builder type, String name, long value, String doc) {
        type.addField(FieldSpec.builder(TypeName.LONG, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc + "\n").initializer("$LL", value).build());
    }

    /** The runtime class that a queue of 64-bit values of {@code layout}'s policy extends. */
    private static ClassName policyClass(RingLayout layout) {
        return switch (layout.policy()) {
            case SPSC -> SPSC_LONG_RING;
            case MPSC -> MPSC_LONG_RING;
            case MPMC -> MPMC_LONG_RING;
        };
    }

    /**
     * The constructors for the backend: the superclass's (values) or the runtime queue's (records), each
     * opening {@code LAYOUT} in private memory or in a shared object.
     */
    private static void constructors(TypeSpec.Builder type, RingModel model) {
        ClassName inject = model.container().inject();
        boolean values = model.struct() == null;
        if (!model.shared()) {
            MethodSpec.Builder local = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                    .addJavadoc("A new queue in private memory of this process.\n");
            if (values) {
                local.addStatement("super(LAYOUT, null, null)");
            } else {
                local.addStatement("this.ring = $T.open(LAYOUT, null, null)", STRUCT_RINGS);
            }
            if (inject != null) {
                local.addAnnotation(inject);
            }
            type.addMethod(local.build());
            return;
        }
        if (model.name() != null) {
            MethodSpec.Builder named = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                    .addJavadoc("The queue in shared-memory object {@link #NAME}, created or attached to.\n")
                    .addStatement("this(NAME)");
            if (inject != null) {
                named.addAnnotation(inject);
            }
            type.addMethod(named.build());
        }
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("The queue in shared-memory object {@code name}, created or attached to.\n")
                .addParameter(String.class, "name")
                .addStatement("this(name, $T.defaults())", SHM_OPTIONS).build());
        MethodSpec.Builder withOptions = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("The queue in shared-memory object {@code name}, with {@code options}.\n")
                .addParameter(String.class, "name")
                .addParameter(SHM_OPTIONS, "options");
        if (values) {
            withOptions.addStatement("super(LAYOUT, name, options)");
        } else {
            withOptions.addStatement("this.ring = $T.open(LAYOUT, name, options)", STRUCT_RINGS);
        }
        type.addMethod(withOptions.build());
    }

    /**
     * For containers that call a method annotated to destroy a bean (CDI's {@code @PreDestroy}): one that
     * closes the queue, since the inherited {@code close()} is final. Closing unmaps; it does not unlink.
     */
    private static void closeOnDestroy(TypeSpec.Builder type, RingModel model) {
        ClassName preDestroy = model.container().preDestroy();
        if (preDestroy != null) {
            type.addMethod(MethodSpec.methodBuilder("closeOnDestroy").addAnnotation(preDestroy)
                    .addJavadoc("Closes the queue when the container destroys this bean. Closing unmaps; it does "
                            + "not unlink a\nshared-memory object.\n")
                    .addStatement("close()").build());
        }
    }

    private static void delegates(TypeSpec.Builder type, RingModel model) {
        List<MethodSpec> methods = structDelegates();
        methods.add(delegate("stalledPosition", TypeName.LONG, "return ring.stalledPosition()"));
        methods.add(delegate("skipStalled", TypeName.BOOLEAN, "return ring.skipStalled(position)",
                TypeName.LONG, "position"));
        methods.add(delegate("size", TypeName.LONG, "return ring.size()"));
        methods.add(delegate("isEmpty", TypeName.BOOLEAN, "return ring.isEmpty()"));
        methods.add(delegate("capacity", TypeName.LONG, "return CAPACITY"));
        methods.add(delegate("policy", RING_POLICY, "return LAYOUT.policy()"));
        methods.add(delegate("layout", RING_LAYOUT, "return LAYOUT"));
        methods.add(delegate("stats", RING_STATS, "return ring.stats()"));
        methods.add(delegate("mlock", TypeName.VOID, "ring.mlock()"));
        methods.add(delegate("mbind", TypeName.VOID, "ring.mbind(numaNode)", TypeName.INT, "numaNode"));
        MethodSpec.Builder close = MethodSpec.methodBuilder("close").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).addStatement("ring.close()");
        if (model.container().preDestroy() != null) {
            close.addAnnotation(model.container().preDestroy());
        }
        methods.add(close.build());
        methods.add(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return $S + ring", model.impl().simpleName() + ": ").build());
        type.addMethods(methods);
    }

    private static List<MethodSpec> structDelegates() {
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(delegate("memory", SEGMENT, "return ring.memory()"));
        methods.add(delegate("elementSize", TypeName.LONG, "return ELEMENT_SIZE"));
        methods.add(delegate("elementAlignment", TypeName.LONG, "return ELEMENT_ALIGNMENT"));
        methods.add(delegate("claim", TypeName.LONG, "return ring.claim()"));
        methods.add(delegate("claim", TypeName.LONG, "return ring.claim(timeoutNanos, idle)",
                TypeName.LONG, "timeoutNanos", IDLE, "idle"));
        methods.add(delegate("commit", TypeName.VOID, "ring.commit(offset)", TypeName.LONG, "offset"));
        methods.add(delegate("peek", TypeName.LONG, "return ring.peek()"));
        methods.add(delegate("peek", TypeName.LONG, "return ring.peek(timeoutNanos, idle)",
                TypeName.LONG, "timeoutNanos", IDLE, "idle"));
        methods.add(delegate("release", TypeName.VOID, "ring.release(offset)", TypeName.LONG, "offset"));
        methods.add(delegate("offer", TypeName.BOOLEAN, "return ring.offer(source, sourceOffset)",
                SEGMENT, "source", TypeName.LONG, "sourceOffset"));
        methods.add(delegate("offer", TypeName.BOOLEAN, "return ring.offer(source, sourceOffset, timeoutNanos, idle)",
                SEGMENT, "source", TypeName.LONG, "sourceOffset", TypeName.LONG, "timeoutNanos", IDLE, "idle"));
        methods.add(delegate("poll", TypeName.BOOLEAN, "return ring.poll(target, targetOffset)",
                SEGMENT, "target", TypeName.LONG, "targetOffset"));
        methods.add(delegate("poll", TypeName.BOOLEAN, "return ring.poll(target, targetOffset, timeoutNanos, idle)",
                SEGMENT, "target", TypeName.LONG, "targetOffset", TypeName.LONG, "timeoutNanos", IDLE, "idle"));
        return methods;
    }

    /**
     * {@code offer(Record)}, {@code poll()} and their blocking variants. The offer writes the record into a
     * per-thread scratch element first and then copies it in, so a record that cannot be written (an array of
     * another length, a null component) fails before a slot is claimed: a claimed slot must be committed, or
     * it stalls the consumers.
     */
    private static void typed(TypeSpec.Builder type, RingStruct struct) {
        ClassName record = struct.record();
        ClassName codec = struct.generated();
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), SEGMENT),
                "SCRATCH", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Per thread, one element to write a record into before it is copied into a slot.\n")
                .initializer("$T.withInitial(() -> $T.ofAuto().allocate(ELEMENT_SIZE, ELEMENT_ALIGNMENT))",
                        ThreadLocal.class, FOREIGN_ARENA).build());
        String offerDoc = "Copies {@code element} into a free slot (through {@link $T#write}; a scratch element "
                + "per thread,\nallocated once), so it allocates nothing; for no copy at all, write in place between "
                + "{@link #claim()}\nand {@link #commit(long)}.\n\n@return whether it was enqueued";
        type.addMethod(MethodSpec.methodBuilder("offer").addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
                .addJavadoc(offerDoc + "; false if the queue is full\n", codec)
                .addParameter(record, "element")
                .addStatement("$T scratch = SCRATCH.get()", SEGMENT)
                .addStatement("$T.write(scratch, 0, element)", codec)
                .addStatement("return ring.offer(scratch, 0)").build());
        type.addMethod(MethodSpec.methodBuilder("offer").addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
                .addJavadoc(offerDoc + " in time; waits with {@code idle} while the queue is full, at most\n"
                        + "{@code timeoutNanos}\n", codec)
                .addParameter(record, "element").addParameter(TypeName.LONG, "timeoutNanos")
                .addParameter(IDLE, "idle")
                .addStatement("$T scratch = SCRATCH.get()", SEGMENT)
                .addStatement("$T.write(scratch, 0, element)", codec)
                .addStatement("return ring.offer(scratch, 0, timeoutNanos, idle)").build());
        String pollDoc = "Reads the oldest element into a new {@link $T} (through {@link $T#read}) and frees its "
                + "slot.\nAllocates the record (and its arrays); to read without garbage, read in place between "
                + "{@link #peek()}\nand {@link #release(long)}.\n\n@return the element, or null if none was ready";
        type.addMethod(MethodSpec.methodBuilder("poll").addModifiers(Modifier.PUBLIC).returns(record)
                .addJavadoc(pollDoc + "\n", record, codec)
                .addStatement("return take(ring.peek())").build());
        type.addMethod(MethodSpec.methodBuilder("poll").addModifiers(Modifier.PUBLIC).returns(record)
                .addJavadoc(pollDoc + " in time; waits with {@code idle}, at most {@code timeoutNanos}\n", record,
                        codec)
                .addParameter(TypeName.LONG, "timeoutNanos").addParameter(IDLE, "idle")
                .addStatement("return take(ring.peek(timeoutNanos, idle))").build());
        type.addMethod(MethodSpec.methodBuilder("take").addModifiers(Modifier.PRIVATE).returns(record)
                .addParameter(TypeName.LONG, "at")
                .beginControlFlow("if (at < 0)").addStatement("return null").endControlFlow()
                .beginControlFlow("try").addStatement("return $T.read(ring.memory(), at)", codec)
                .nextControlFlow("finally").addStatement("ring.release(at)").endControlFlow().build());
    }

    private static MethodSpec delegate(String name, TypeName returns, String statement, Object... parameters) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name).addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(returns).addStatement(statement);
        for (int i = 0; i < parameters.length; i += 2) {
            method.addParameter((TypeName) parameters[i], (String) parameters[i + 1]);
        }
        return method.build();
    }
}
