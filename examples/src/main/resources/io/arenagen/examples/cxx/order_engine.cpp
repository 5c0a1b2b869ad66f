// The C++ side of CppQueueDemo: takes Orders from one queue and answers each with a Fill on another.
//
// Both queues are BasicQueue<T, ShmMem, Policy> of the Join library (join/queue.hpp), declared here the way
// that header declares them: the demo's Java side created them (OrdersImpl, FillsImpl) and this process
// attaches. The structs mirror the Java @Struct records Order and Fill; every size and offset is checked
// with static_assert against the constants of the generated OrderStruct, FillStruct, OrdersImpl and FillsImpl,
// passed with -D by the Java side: if the two languages disagree on a byte, this file does not compile.
//
//   order_engine ORDERS FILLS     pops Orders (MPSC) until one with id -1, pushes a Fill (SPSC) for each other,
//                                 prints "filled <n>"; exit 3 after 30 s without progress
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

// The records, as C structs.
struct Order {
    int64_t id;
    int32_t quantity;
    double limit;
    int8_t symbol[8];
};
struct Fill {
    int64_t orderId;
    int32_t quantity;
    double price;
};

// The queue structs of join/queue.hpp.
struct QueueSync {
    alignas(64) std::atomic<uint64_t> magic;
    alignas(64) std::atomic<uint64_t> head;
    alignas(64) std::atomic<uint64_t> tail;
};
template <typename T>
struct QueueSlotLight {
    T data;
};
template <typename T>
struct QueueSlotFull {
    alignas(64) std::atomic<uint64_t> seq;
    T data;
    char padding[(64 - ((sizeof(std::atomic<uint64_t>) + sizeof(T)) % 64)) % 64];
};
template <typename Slot>
struct QueueSegment {
    alignas(64) QueueSync sync;
    Slot elements[];
};

static_assert(sizeof(Order) == ORDER_BYTES && alignof(Order) == ORDER_ALIGNMENT, "OrderStruct.BYTES, ALIGNMENT");
static_assert(offsetof(Order, id) == ORDER_ID_OFFSET, "OrderStruct.ID_OFFSET");
static_assert(offsetof(Order, quantity) == ORDER_QUANTITY_OFFSET, "OrderStruct.QUANTITY_OFFSET");
static_assert(offsetof(Order, limit) == ORDER_LIMIT_OFFSET, "OrderStruct.LIMIT_OFFSET");
static_assert(offsetof(Order, symbol) == ORDER_SYMBOL_OFFSET, "OrderStruct.SYMBOL_OFFSET");
static_assert(sizeof(Fill) == FILL_BYTES && alignof(Fill) == FILL_ALIGNMENT, "FillStruct.BYTES, ALIGNMENT");
static_assert(offsetof(Fill, orderId) == FILL_ORDER_ID_OFFSET, "FillStruct.ORDER_ID_OFFSET");
static_assert(offsetof(Fill, quantity) == FILL_QUANTITY_OFFSET, "FillStruct.QUANTITY_OFFSET");
static_assert(offsetof(Fill, price) == FILL_PRICE_OFFSET, "FillStruct.PRICE_OFFSET");
using Orders = QueueSegment<QueueSlotFull<Order>>;
using Fills = QueueSegment<QueueSlotLight<Fill>>;
static_assert(offsetof(Orders, elements) == ORDERS_SLOTS_OFFSET, "OrdersImpl.SLOTS_OFFSET");
static_assert(sizeof(QueueSlotFull<Order>) == ORDERS_SLOT_SIZE, "OrdersImpl.SLOT_SIZE");
static_assert(offsetof(QueueSlotFull<Order>, data) == ORDERS_DATA_OFFSET, "OrdersImpl.DATA_OFFSET");
static_assert(offsetof(Fills, elements) == FILLS_SLOTS_OFFSET, "FillsImpl.SLOTS_OFFSET");
static_assert(sizeof(QueueSlotLight<Fill>) == FILLS_SLOT_SIZE, "FillsImpl.SLOT_SIZE");

// Maps the shared object the Java side created; its size is the page-rounded footprint, as both sides map it.
template <typename Segment>
Segment* attach(const char* name, uint64_t footprint) {
    int fd = shm_open(name, O_RDWR, 0);
    struct stat st;
    if (fd == -1 || fstat(fd, &st) == -1 || static_cast<uint64_t>(st.st_size) < footprint) {
        std::perror(name);
        std::exit(2);
    }
    void* at = mmap(nullptr, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (at == MAP_FAILED) {
        std::perror("mmap");
        std::exit(2);
    }
    auto* segment = static_cast<Segment*>(at);
    while (segment->sync.magic.load(std::memory_order_acquire) != 0x9F7E3B2A8D5C4E1BULL) std::this_thread::yield();
    return segment;
}

// Mpsc::tryPop of the header: the slot at tail is ready when seq == tail + 1.
bool pop(Orders* q, Order& order) {
    uint64_t tail = q->sync.tail.load(std::memory_order_relaxed);
    auto& slot = q->elements[tail & (ORDERS_CAPACITY - 1)];
    if (slot.seq.load(std::memory_order_acquire) != tail + 1) return false;
    order = slot.data;
    slot.seq.store(tail + ORDERS_CAPACITY, std::memory_order_release);
    q->sync.tail.store(tail + 1, std::memory_order_release);
    return true;
}

// Spsc::tryPush of the header: room while head - tail < capacity.
bool push(Fills* q, const Fill& fill) {
    uint64_t head = q->sync.head.load(std::memory_order_relaxed);
    if (head - q->sync.tail.load(std::memory_order_acquire) == FILLS_CAPACITY) return false;
    q->elements[head & (FILLS_CAPACITY - 1)].data = fill;
    q->sync.head.store(head + 1, std::memory_order_release);
    return true;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: order_engine ORDERS FILLS\n");
        return 2;
    }
    Orders* orders = attach<Orders>(argv[1], ORDERS_SLOTS_OFFSET + ORDERS_CAPACITY * sizeof(QueueSlotFull<Order>));
    Fills* fills = attach<Fills>(argv[2], FILLS_SLOTS_OFFSET + FILLS_CAPACITY * sizeof(QueueSlotLight<Fill>));
    auto lastProgress = std::chrono::steady_clock::now();
    long filled = 0;
    Order order;
    for (;;) {
        if (!pop(orders, order)) {
            if (std::chrono::steady_clock::now() - lastProgress > std::chrono::seconds(30)) return 3;
            std::this_thread::yield();
            continue;
        }
        if (order.id == -1) break;
        Fill fill{order.id, order.quantity, order.limit - 0.25};  // filled a quarter better than the limit
        while (!push(fills, fill)) {
            if (std::chrono::steady_clock::now() - lastProgress > std::chrono::seconds(30)) return 3;
            std::this_thread::yield();
        }
        lastProgress = std::chrono::steady_clock::now();
        ++filled;
    }
    std::printf("filled %ld\n", filled);
    return 0;
}
