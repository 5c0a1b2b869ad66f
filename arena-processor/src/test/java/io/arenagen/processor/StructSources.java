package io.arenagen.processor;

import static io.arenagen.processor.ArenaCompilation.source;

import javax.tools.JavaFileObject;

/**
 * The structs the struct tests share: {@code p.Price}, 16 bytes, nested in {@code p.Order}, 64 bytes,
 * which has every kind of component and padding inside and at the end.
 *
 * <pre>
 * Order: id 0 (int), live 4 (boolean), side 6 (char), qty 8 (double), symbol 16 (byte[8]),
 *        price 24 (Price: ticks 0 (long), scale 8 (byte), 7 bytes of padding), venue 40 (short),
 *        ratio 44 (float), legs 48 (int[3]), flags 60 (boolean[2]), 2 bytes of padding: 64
 * </pre>
 */
final class StructSources {

    private StructSources() {
    }

    static JavaFileObject price() {
        return source("p.Price",
                "package p;",
                "import io.arenagen.Struct;",
                "/** A fixed-point price. */",
                "@Struct",
                "public record Price(long ticks, byte scale) {}");
    }

    static JavaFileObject order() {
        return source("p.Order",
                "package p;",
                "import io.arenagen.Length;",
                "import io.arenagen.Struct;",
                "/** An order with every kind of component. */",
                "@Struct",
                "public record Order(int id, boolean live, char side, double qty, @Length(8) byte[] symbol, Price price,",
                "        short venue, float ratio, @Length(3) int[] legs, @Length(2) boolean[] flags) {}");
    }
}
