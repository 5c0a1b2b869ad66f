package io.arenagen.benchmarks;

/**
 * The arena configurations and requests every pair benchmark uses. A request is written
 * {@code "<pools>x<bytes>"}: {@code "8x2048"} asks the 8-pool arena for 2048 bytes, which only its
 * last pool serves. The generated arenas ({@link Bench3}, {@link Bench8}) declare the same values in
 * their {@code @Arena} annotations.
 */
final class Requests {

    /** Chunks per pool in every pair benchmark's arena. */
    static final long COUNT = 1024;
    /** The 3-pool configuration. */
    static final long[] SIZES_3 = {64, 256, 1024};
    /** The 8-pool configuration. */
    static final long[] SIZES_8 = {16, 32, 64, 128, 256, 512, 1024, 2048};

    /** First and last pool of 3 pools, first and last pool of 8 pools. */
    static final String P3_FIRST = "3x64";
    static final String P3_LAST = "3x1024";
    static final String P8_FIRST = "8x16";
    static final String P8_LAST = "8x2048";

    private Requests() {
    }

    /** The bytes a request asks for. */
    static int size(String request) {
        return Integer.parseInt(request.substring(request.indexOf('x') + 1));
    }

    /** The pool sizes of the configuration a request is made to. */
    static long[] sizes(String request) {
        return switch (request.substring(0, request.indexOf('x'))) {
            case "3" -> SIZES_3.clone();
            case "8" -> SIZES_8.clone();
            default -> throw new IllegalArgumentException("request " + request + " names no configuration; use 3xN or 8xN");
        };
    }
}
