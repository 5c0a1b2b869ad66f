// The C++ side of StructInteropTest: the structs of StructSources (p.Price, p.Order) declared as C++
// structs, placed by the compiler and checked against the Java constants passed with -D (every BYTES,
// ALIGNMENT, *_OFFSET and *_LENGTH of the generated PriceStruct and OrderStruct). The peer hard-codes no
// offset: if the processor's layout differs from g++'s, this file does not compile.
//
//   struct_peer NAME read OFFSET    prints the Order at OFFSET of the shared object NAME, one line
//   struct_peer NAME write OFFSET   writes a known Order at OFFSET, publishing id last with a release store
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <type_traits>
#include <unistd.h>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "arena layouts are little-endian");

struct Price {
    int64_t ticks;
    int8_t scale;
};

struct Order {
    int32_t id;
    bool live;
    uint16_t side;
    double qty;
    int8_t symbol[8];
    Price price;
    int16_t venue;
    float ratio;
    int32_t legs[3];
    bool flags[2];
};

static_assert(std::is_standard_layout<Order>::value && std::is_trivially_copyable<Order>::value, "a C struct");
static_assert(sizeof(bool) == 1, "boolean is one byte");

static_assert(sizeof(Price) == PRICE_BYTES, "PriceStruct.BYTES");
static_assert(alignof(Price) == PRICE_ALIGNMENT, "PriceStruct.ALIGNMENT");
static_assert(offsetof(Price, ticks) == PRICE_TICKS_OFFSET, "PriceStruct.TICKS_OFFSET");
static_assert(offsetof(Price, scale) == PRICE_SCALE_OFFSET, "PriceStruct.SCALE_OFFSET");

static_assert(sizeof(Order) == ORDER_BYTES, "OrderStruct.BYTES");
static_assert(alignof(Order) == ORDER_ALIGNMENT, "OrderStruct.ALIGNMENT");
static_assert(offsetof(Order, id) == ORDER_ID_OFFSET, "OrderStruct.ID_OFFSET");
static_assert(offsetof(Order, live) == ORDER_LIVE_OFFSET, "OrderStruct.LIVE_OFFSET");
static_assert(offsetof(Order, side) == ORDER_SIDE_OFFSET, "OrderStruct.SIDE_OFFSET");
static_assert(offsetof(Order, qty) == ORDER_QTY_OFFSET, "OrderStruct.QTY_OFFSET");
static_assert(offsetof(Order, symbol) == ORDER_SYMBOL_OFFSET, "OrderStruct.SYMBOL_OFFSET");
static_assert(sizeof(Order::symbol) / sizeof(int8_t) == ORDER_SYMBOL_LENGTH, "OrderStruct.SYMBOL_LENGTH");
static_assert(offsetof(Order, price) == ORDER_PRICE_OFFSET, "OrderStruct.PRICE_OFFSET");
static_assert(offsetof(Order, venue) == ORDER_VENUE_OFFSET, "OrderStruct.VENUE_OFFSET");
static_assert(offsetof(Order, ratio) == ORDER_RATIO_OFFSET, "OrderStruct.RATIO_OFFSET");
static_assert(offsetof(Order, legs) == ORDER_LEGS_OFFSET, "OrderStruct.LEGS_OFFSET");
static_assert(sizeof(Order::legs) / sizeof(int32_t) == ORDER_LEGS_LENGTH, "OrderStruct.LEGS_LENGTH");
static_assert(offsetof(Order, flags) == ORDER_FLAGS_OFFSET, "OrderStruct.FLAGS_OFFSET");
static_assert(sizeof(Order::flags) / sizeof(bool) == ORDER_FLAGS_LENGTH, "OrderStruct.FLAGS_LENGTH");

static int fail(const char* what) {
    std::perror(what);
    return 2;
}

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s NAME read|write OFFSET\n", argv[0]);
        return 2;
    }
    const std::string mode = argv[2];
    const long offset = std::strtol(argv[3], nullptr, 10);
    int fd = shm_open(argv[1], O_RDWR, 0);
    if (fd < 0) {
        return fail("shm_open");
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return fail("fstat");
    }
    void* base = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        return fail("mmap");
    }
    if (offset < 0 || offset % alignof(Order) != 0 || offset + static_cast<long>(sizeof(Order)) > st.st_size) {
        std::fprintf(stderr, "offset %ld does not hold an Order in %ld bytes\n", offset, static_cast<long>(st.st_size));
        return 2;
    }
    // A chunk is raw storage of the arena: the Order lives there as it would after placement new.
    Order* order = reinterpret_cast<Order*>(static_cast<char*>(base) + offset);
    if (mode == "read") {
        int32_t id = __atomic_load_n(&order->id, __ATOMIC_ACQUIRE);
        char symbol[9] = {};
        std::memcpy(symbol, order->symbol, sizeof(order->symbol));
        std::printf("id=%d live=%d side=%u qty=%g symbol=%s ticks=%lld scale=%d venue=%d ratio=%g legs=%d,%d,%d "
                    "flags=%d,%d\n",
                id, order->live ? 1 : 0, static_cast<unsigned>(order->side), order->qty, symbol,
                static_cast<long long>(order->price.ticks), order->price.scale, order->venue,
                static_cast<double>(order->ratio), order->legs[0], order->legs[1], order->legs[2],
                order->flags[0] ? 1 : 0, order->flags[1] ? 1 : 0);
    } else if (mode == "write") {
        order->live = false;
        order->side = 0x263A;
        order->qty = -1.5;
        std::memcpy(order->symbol, "CPP PEER", sizeof(order->symbol));
        order->price = Price{9'000'000'000'000'001LL, -3};
        order->venue = 300;
        order->ratio = 3.5f;
        order->legs[0] = 10;
        order->legs[1] = -20;
        order->legs[2] = 30;
        order->flags[0] = true;
        order->flags[1] = false;
        __atomic_store_n(&order->id, 7, __ATOMIC_RELEASE);  // publishes the fields above
        std::printf("written\n");
    } else {
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 2;
    }
    munmap(base, static_cast<size_t>(st.st_size));
    close(fd);
    return 0;
}
