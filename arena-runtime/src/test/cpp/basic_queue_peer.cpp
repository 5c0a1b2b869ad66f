// C++ peer of the queue layout in DESIGN.md ("Queues"), for QueueInteropTest.
//
// It declares the queue structs the way the C++ Join library's queue header declares them and lets the
// compiler place every field: QueueSync = { alignas(64) atomic<uint64_t> magic, head, tail } (each
// alignas(64)), QueueSlotLight<T> = { T data } for SPSC, QueueSlotFull<T> = { alignas(64) atomic<uint64_t>
// seq; T data; char padding[(64 - ((8 + sizeof(T)) % 64)) % 64]; } for MPSC/MPMC, and QueueSegment<Slot> =
// { alignas(64) QueueSync sync; Slot elements[]; }. No offset is a number written here: the static_asserts
// state what the compiler decided (the build fails if it decides otherwise) and "layout" prints offsetof and
// sizeof values for the Java side to compare with its own layout.
//
// Like the C++ library, the peer creates objects 0644 with ftruncate, writes no descriptor (bytes 8..63
// stay zero) and rounds the size up to the page size. Its operations follow the library's protocol and
// orderings (written here from the protocol, not copied):
//   init: CAS magic 0 -> busy (acq_rel), head = tail = 0 (relaxed), seq[i] = i (relaxed), magic = ready
//         (release); others load magic (acquire) until ready.
//   SPSC push: head relaxed, tail acquire when the cached tail says full, element copy, head release.
//   SPSC pop: mirror image.
//   MPSC/MPMC push: head relaxed; seq acquire; seq == head: CAS head (acquire), copy, seq = head + 1
//         (release); seq < head: full; else reload head. Batch push (MPSC): CAS head by n against the tail
//         (acquire), then copy and publish each slot.
//   MPSC pop: tail relaxed, seq acquire == tail + 1, copy, seq = tail + capacity (release), tail release.
//   MPMC pop: tail relaxed, seq acquire == tail + 1, copy, CAS tail (acquire), seq = tail + capacity
//         (release).
//
// Usage: basic_queue_peer layout
//        basic_queue_peer [--element=u64|s40|s48|s128] <name> <spsc|mpsc|mpmc> <capacity> <mode> [args]
//            the element: uint64_t (default), or a struct of 5, 6 (alignas(16)) or 16 uint64_t words whose
//            word i is the stamp xor i * 0x9E3779B97F4A7C15 (a torn element exits 4); modes as below, with
//            the stamp in word 0 of a struct element
//        basic_queue_peer <name> <spsc|mpsc|mpmc> <capacity> create
//        basic_queue_peer <name> <policy> <capacity> produce <producer> <count> <batch>
//            pushes (producer << 32 | i) for i in 0..count-1, in batches of <batch> (1: single pushes);
//            prints "produced <count>"
//        basic_queue_peer <name> <policy> <capacity> consume <count>
//            pops <count> values and prints them, one per line, then "consumed <count>"
//        basic_queue_peer <name> <policy> <capacity> consume-until-stop
//            pops until it pops the value 0xFFFFFFFFFFFFFFFF, printing the others, then "consumed <n>"
// Exit status 2 on usage or system errors, 3 on a time-out (30 s without progress), 4 on a torn element.
// Compile with the -D values QueuePeer passes: the struct shapes' slots as RingLayout computes them.
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <type_traits>
#include <unistd.h>
#include <vector>

namespace {

constexpr uint64_t kBusy = 0xFFFFFFFFFFFFFFFFULL;
constexpr uint64_t kReady = 0x9F7E3B2A8D5C4E1BULL;
constexpr uint64_t kStop = 0xFFFFFFFFFFFFFFFFULL;

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

// Element shapes whose slots the Java layout must place as the compiler does.
struct S56 { uint64_t w[7]; };
struct S64 { uint64_t w[8]; };
struct alignas(16) S48A16 { uint64_t w[6]; };
struct S24 { uint64_t w[3]; };

using Light = QueueSlotLight<uint64_t>;
using Full = QueueSlotFull<uint64_t>;

static_assert(offsetof(QueueSync, magic) == 0, "magic first");
static_assert(offsetof(QueueSync, head) == 64, "head on its own line");
static_assert(offsetof(QueueSync, tail) == 128, "tail on its own line");
static_assert(sizeof(QueueSync) == 192, "three lines");
static_assert(offsetof(QueueSegment<Light>, elements) == 192, "SPSC slots right after the sync block");
static_assert(offsetof(QueueSegment<Full>, elements) == 192, "MPSC/MPMC slots right after the sync block");
static_assert(sizeof(Light) == 8 && alignof(Light) == 8, "an SPSC slot is the element alone");
static_assert(offsetof(Full, seq) == 0 && offsetof(Full, data) == 8, "seq then data");
static_assert(sizeof(Full) == 64 && alignof(Full) == 64, "one line per sequenced slot");
static_assert(sizeof(QueueSlotFull<S56>) == 64, "8 + 56: no padding");
static_assert(sizeof(QueueSlotFull<S64>) == 128, "8 + 64 padded to 128");
static_assert(offsetof(QueueSlotFull<S48A16>, data) == 16, "a 16-aligned element starts at 16");
static_assert(sizeof(QueueSlotFull<S48A16>) == 128, "16 + 48 + 8 padding, rounded to 128");
static_assert(sizeof(QueueSlotLight<S24>) == 24, "SPSC stride is sizeof(T)");

// Struct elements for the struct-ring tests (StructQueueInteropTest): word 0 a stamp, word i the stamp xor
// i * golden ratio, so a torn copy is detected. Their slots are checked against Java's RingLayout, passed
// with -D by the test (JAVA_<SHAPE>_LIGHT, _FULL, _DATA): the compiler's placement, not a number written here.
struct S40 { uint64_t w[5]; };
struct alignas(16) S48 { uint64_t w[6]; };
struct S128 { uint64_t w[16]; };

#if !defined(JAVA_S40_LIGHT) || !defined(JAVA_S48_FULL) || !defined(JAVA_S128_DATA)
#error "compile with the -D values of RingLayout that QueuePeer passes (JAVA_S40_LIGHT ...)"
#endif
#define CHECK_SHAPE(T, SHAPE)                                                                             \
    static_assert(sizeof(QueueSlotLight<T>) == JAVA_##SHAPE##_LIGHT, #T ": SPSC stride as RingLayout");     \
    static_assert(sizeof(QueueSlotFull<T>) == JAVA_##SHAPE##_FULL, #T ": sequenced slot as RingLayout");    \
    static_assert(offsetof(QueueSlotFull<T>, data) == JAVA_##SHAPE##_DATA, #T ": data offset as RingLayout"); \
    static_assert(offsetof(QueueSlotFull<T>, seq) == 0, #T ": seq first");                                   \
    static_assert(offsetof(QueueSegment<QueueSlotFull<T>>, elements) == 192, #T ": slots after the header");
CHECK_SHAPE(S40, S40)
CHECK_SHAPE(S48, S48)
CHECK_SHAPE(S128, S128)

constexpr uint64_t kMix = 0x9E3779B97F4A7C15ULL;

// The element of a stamp, and the stamp of an element (exit 4 on a torn one). uint64_t: the value itself.
template <typename T>
T make(uint64_t stamp) {
    T t;
    for (size_t i = 0; i < sizeof(t.w) / sizeof(t.w[0]); ++i) t.w[i] = stamp ^ (i * kMix);
    return t;
}
template <>
uint64_t make<uint64_t>(uint64_t stamp) { return stamp; }

template <typename T>
uint64_t stampOf(const T& t) {
    for (size_t i = 1; i < sizeof(t.w) / sizeof(t.w[0]); ++i) {
        if (t.w[i] != (t.w[0] ^ (i * kMix))) {
            std::fprintf(stderr, "basic_queue_peer: torn element, stamp %llu word %zu\n",
                         static_cast<unsigned long long>(t.w[0]), i);
            std::exit(4);
        }
    }
    return t.w[0];
}
template <>
uint64_t stampOf<uint64_t>(const uint64_t& v) { return v; }

template <typename Slot>
struct IsFull : std::false_type {};
template <typename T>
struct IsFull<QueueSlotFull<T>> : std::true_type {};

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "basic_queue_peer: %s: %s\n", what, std::strerror(errno));
    std::exit(2);
}

void printLayout() {
    std::printf("head %zu\n", offsetof(QueueSync, head));
    std::printf("tail %zu\n", offsetof(QueueSync, tail));
    std::printf("slots %zu %zu\n", offsetof(QueueSegment<Light>, elements), offsetof(QueueSegment<Full>, elements));
    std::printf("light %zu\n", sizeof(Light));
    std::printf("full %zu data %zu\n", sizeof(Full), offsetof(Full, data));
    std::printf("s56 %zu s64 %zu s24 %zu\n", sizeof(QueueSlotFull<S56>), sizeof(QueueSlotFull<S64>),
                sizeof(QueueSlotLight<S24>));
    std::printf("s48a16 %zu data %zu\n", sizeof(QueueSlotFull<S48A16>), offsetof(QueueSlotFull<S48A16>, data));
}

struct Deadline {
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
    unsigned spins = 0;
    void progress() { last = std::chrono::steady_clock::now(); spins = 0; }
    void idle() {
        if (++spins < 200) {
            __builtin_ia32_pause();
        } else {
            std::this_thread::yield();
        }
        if ((spins & 1023) == 0 && std::chrono::steady_clock::now() - last > std::chrono::seconds(30)) {
            std::fprintf(stderr, "basic_queue_peer: no progress for 30 s\n");
            std::exit(3);
        }
    }
};

template <typename Slot>
class Queue {
public:
    Queue(const char* name, uint64_t capacity) : capacity_(capacity), mask_(capacity - 1) {
        long page = sysconf(_SC_PAGESIZE);
        uint64_t total = sizeof(QueueSync) + capacity * sizeof(Slot);
        size_ = (total + page - 1) & ~static_cast<uint64_t>(page - 1);
        bool created = true;
        int fd = shm_open(name, O_CREAT | O_RDWR | O_EXCL | O_CLOEXEC, 0644);
        if (fd == -1 && errno == EEXIST) {
            created = false;
            fd = shm_open(name, O_RDWR | O_CLOEXEC, 0644);
        }
        if (fd == -1) die("shm_open");
        if (created) {
            if (ftruncate(fd, static_cast<off_t>(size_)) == -1) die("ftruncate");
        } else {
            struct stat st;
            if (fstat(fd, &st) == -1) die("fstat");
            if (static_cast<uint64_t>(st.st_size) != size_) {
                std::fprintf(stderr, "basic_queue_peer: shared memory size mismatch\n");
                std::exit(2);
            }
        }
        void* at = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (at == MAP_FAILED) die("mmap");
        close(fd);
        seg_ = static_cast<QueueSegment<Slot>*>(at);
        uint64_t expected = 0;
        if (seg_->sync.magic.compare_exchange_strong(expected, kBusy, std::memory_order_acq_rel)) {
            seg_->sync.head.store(0, std::memory_order_relaxed);
            seg_->sync.tail.store(0, std::memory_order_relaxed);
            if constexpr (IsFull<Slot>::value) {
                for (uint64_t i = 0; i < capacity_; ++i) seg_->elements[i].seq.store(i, std::memory_order_relaxed);
            }
            seg_->sync.magic.store(kReady, std::memory_order_release);
        } else {
            Deadline deadline;
            while (seg_->sync.magic.load(std::memory_order_acquire) != kReady) deadline.idle();
        }
    }

    QueueSegment<Slot>* seg_;
    uint64_t capacity_;
    uint64_t mask_;
    uint64_t size_ = 0;
    uint64_t cachedTail_ = 0;
    uint64_t cachedHead_ = 0;
};

// SPSC.
template <typename T>
bool spscPush(Queue<QueueSlotLight<T>>& q, const T& v) {
    auto& s = q.seg_->sync;
    uint64_t head = s.head.load(std::memory_order_relaxed);
    if (head - q.cachedTail_ == q.capacity_) {
        q.cachedTail_ = s.tail.load(std::memory_order_acquire);
        if (head - q.cachedTail_ == q.capacity_) return false;
    }
    q.seg_->elements[head & q.mask_].data = v;
    s.head.store(head + 1, std::memory_order_release);
    return true;
}

template <typename T>
bool spscPop(Queue<QueueSlotLight<T>>& q, T& v) {
    auto& s = q.seg_->sync;
    uint64_t tail = s.tail.load(std::memory_order_relaxed);
    if (q.cachedHead_ == tail) {
        q.cachedHead_ = s.head.load(std::memory_order_acquire);
        if (q.cachedHead_ == tail) return false;
    }
    v = q.seg_->elements[tail & q.mask_].data;
    s.tail.store(tail + 1, std::memory_order_release);
    return true;
}

// SPSC batch push: one release store of head for the whole run.
template <typename T>
uint64_t spscPushBatch(Queue<QueueSlotLight<T>>& q, const T* v, uint64_t n) {
    auto& s = q.seg_->sync;
    uint64_t head = s.head.load(std::memory_order_relaxed);
    uint64_t room = q.capacity_ - (head - q.cachedTail_);
    if (room == 0) {
        q.cachedTail_ = s.tail.load(std::memory_order_acquire);
        room = q.capacity_ - (head - q.cachedTail_);
        if (room == 0) return 0;
    }
    uint64_t k = n < room ? n : room;
    for (uint64_t i = 0; i < k; ++i) q.seg_->elements[(head + i) & q.mask_].data = v[i];
    s.head.store(head + k, std::memory_order_release);
    return k;
}

// MPSC/MPMC push.
template <typename T>
bool seqPush(Queue<QueueSlotFull<T>>& q, const T& v) {
    auto& s = q.seg_->sync;
    uint64_t head = s.head.load(std::memory_order_relaxed);
    for (;;) {
        QueueSlotFull<T>* slot = &q.seg_->elements[head & q.mask_];
        uint64_t seq = slot->seq.load(std::memory_order_acquire);
        if (seq == head) {
            if (s.head.compare_exchange_weak(head, head + 1, std::memory_order_acquire, std::memory_order_relaxed)) {
                slot->data = v;
                slot->seq.store(head + 1, std::memory_order_release);
                return true;
            }
        } else if (seq < head) {
            return false;
        } else {
            head = s.head.load(std::memory_order_relaxed);
        }
    }
}

// MPSC batch push: claim a run against the tail with one CAS, then publish each slot.
template <typename T>
uint64_t mpscPushBatch(Queue<QueueSlotFull<T>>& q, const T* v, uint64_t n) {
    auto& s = q.seg_->sync;
    uint64_t head = s.head.load(std::memory_order_relaxed);
    for (;;) {
        uint64_t tail = s.tail.load(std::memory_order_acquire);
        uint64_t room = q.capacity_ - (head - tail);
        uint64_t k = n < room ? n : room;
        if (k == 0) return 0;
        if (s.head.compare_exchange_weak(head, head + k, std::memory_order_acquire, std::memory_order_relaxed)) {
            for (uint64_t i = 0; i < k; ++i) {
                QueueSlotFull<T>* slot = &q.seg_->elements[(head + i) & q.mask_];
                slot->data = v[i];
                slot->seq.store(head + i + 1, std::memory_order_release);
            }
            return k;
        }
    }
}

template <typename T>
bool mpscPop(Queue<QueueSlotFull<T>>& q, T& v) {
    auto& s = q.seg_->sync;
    uint64_t tail = s.tail.load(std::memory_order_relaxed);
    QueueSlotFull<T>* slot = &q.seg_->elements[tail & q.mask_];
    if (slot->seq.load(std::memory_order_acquire) != tail + 1) return false;
    v = slot->data;
    slot->seq.store(tail + q.capacity_, std::memory_order_release);
    s.tail.store(tail + 1, std::memory_order_release);
    return true;
}

template <typename T>
bool mpmcPop(Queue<QueueSlotFull<T>>& q, T& v) {
    auto& s = q.seg_->sync;
    uint64_t tail = s.tail.load(std::memory_order_relaxed);
    for (;;) {
        QueueSlotFull<T>* slot = &q.seg_->elements[tail & q.mask_];
        uint64_t seq = slot->seq.load(std::memory_order_acquire);
        if (seq == tail + 1) {
            T local = slot->data;
            if (s.tail.compare_exchange_weak(tail, tail + 1, std::memory_order_acquire, std::memory_order_relaxed)) {
                v = local;
                slot->seq.store(tail + q.capacity_, std::memory_order_release);
                return true;
            }
        } else if (seq < tail + 1) {
            return false;
        } else {
            tail = s.tail.load(std::memory_order_relaxed);
        }
    }
}

template <typename T, typename Q, typename Push, typename PushBatch>
void produce(Q& q, uint64_t producer, uint64_t count, uint64_t batch, Push push, PushBatch pushBatch) {
    Deadline deadline;
    std::vector<T> run(batch);
    uint64_t i = 0;
    while (i < count) {
        if (batch <= 1) {
            if (push(q, make<T>((producer << 32) | i))) {
                ++i;
                deadline.progress();
            } else {
                deadline.idle();
            }
        } else {
            uint64_t n = count - i < batch ? count - i : batch;
            for (uint64_t k = 0; k < n; ++k) run[k] = make<T>((producer << 32) | (i + k));
            uint64_t pushed = pushBatch(q, run.data(), n);
            if (pushed > 0) {
                i += pushed;
                deadline.progress();
            } else {
                deadline.idle();
            }
        }
    }
    std::printf("produced %llu\n", static_cast<unsigned long long>(count));
}

template <typename T, typename Q, typename Pop>
void consume(Q& q, uint64_t count, bool untilStop, Pop pop) {
    Deadline deadline;
    std::string out;
    uint64_t got = 0;
    char line[32];
    for (;;) {
        if (!untilStop && got == count) break;
        T element;
        if (!pop(q, element)) {
            deadline.idle();
            continue;
        }
        deadline.progress();
        uint64_t v = stampOf(element);
        if (untilStop && v == kStop) break;
        std::snprintf(line, sizeof line, "%llu\n", static_cast<unsigned long long>(v));
        out += line;
        ++got;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::printf("consumed %llu\n", static_cast<unsigned long long>(got));
}

// One policy's modes for element T; returns the exit status.
template <typename T>
int run(const char* name, const std::string& policy, uint64_t capacity, const std::string& mode,
        uint64_t (*arg)(int)) {
    if (policy == "spsc") {
        Queue<QueueSlotLight<T>> q(name, capacity);
        if (mode == "create") std::printf("ready\n");
        else if (mode == "produce") produce<T>(q, arg(5), arg(6), arg(7), spscPush<T>, spscPushBatch<T>);
        else if (mode == "consume") consume<T>(q, arg(5), false, spscPop<T>);
        else if (mode == "consume-until-stop") consume<T>(q, 0, true, spscPop<T>);
        else return 2;
        return 0;
    }
    if (policy != "mpsc" && policy != "mpmc") return 2;
    Queue<QueueSlotFull<T>> q(name, capacity);
    bool mpsc = policy == "mpsc";
    auto pop = mpsc ? mpscPop<T> : mpmcPop<T>;
    if (mode == "create") {
        std::printf("ready\n");
    } else if (mode == "produce") {
        // The library's MPMC batch push spins on each claimed slot; single pushes suffice there.
        produce<T>(q, arg(5), arg(6), mpsc ? arg(7) : 1, seqPush<T>, mpscPushBatch<T>);
    } else if (mode == "consume") {
        consume<T>(q, arg(5), false, pop);
    } else if (mode == "consume-until-stop") {
        consume<T>(q, 0, true, pop);
    } else {
        return 2;
    }
    return 0;
}

int gArgc;
char** gArgv;

uint64_t arg(int i) {
    if (i >= gArgc) {
        std::fprintf(stderr, "basic_queue_peer: missing argument %d\n", i);
        std::exit(2);
    }
    return std::strtoull(gArgv[i], nullptr, 10);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "layout") {
        printLayout();
        return 0;
    }
    // An optional first argument picks the element: u64 (the default), s40, s48 (16-aligned) or s128.
    std::string element = "u64";
    if (argc > 1 && std::strncmp(argv[1], "--element=", 10) == 0) {
        element = argv[1] + 10;
        --argc;
        ++argv;
    }
    if (argc < 5) {
        std::fprintf(stderr, "usage: basic_queue_peer layout | [--element=E] <name> <policy> <capacity> <mode> [args]\n");
        return 2;
    }
    gArgc = argc;
    gArgv = argv;
    uint64_t capacity = std::strtoull(argv[3], nullptr, 10);
    if (element == "u64") return run<uint64_t>(argv[1], argv[2], capacity, argv[4], arg);
    if (element == "s40") return run<S40>(argv[1], argv[2], capacity, argv[4], arg);
    if (element == "s48") return run<S48>(argv[1], argv[2], capacity, argv[4], arg);
    if (element == "s128") return run<S128>(argv[1], argv[2], capacity, argv[4], arg);
    std::fprintf(stderr, "basic_queue_peer: unknown element %s\n", element.c_str());
    return 2;
}
