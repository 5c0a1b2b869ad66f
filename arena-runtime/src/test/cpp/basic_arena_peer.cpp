// C++ peer of the arena layout in DESIGN.md ("Memory layout"), for CppInteropTest.
//
// It declares the pool header the way the C++ arena library declares it and lets the compiler place
// every field: a pool is PoolHeader<Size> = { alignas(64) atomic<uint64_t> magic; alignas(64)
// atomic<uint64_t> head; Chunk<Size> chunks[]; } and a chunk is a union aligned to
// alignof(max_align_t) of the 32-bit link and the Size data bytes. No offset is written down as a
// number here: the static_asserts below state what the compiler decided (and fail the build if it
// decides otherwise), and every address is taken from the structs (&pool->chunks[i]). The Java side
// then compares the offsets this program prints with its own layout.
//
// Like the C++ library, the peer writes no layout descriptor: bytes 8..63 of every pool stay zero.
// Memory orderings are the library's: magic CAS acq_rel, head store relaxed, magic store release,
// wait loop load acquire; pop: head load acquire, link read plain, CAS acq_rel/acquire; push: head
// load relaxed, link write plain, CAS release/relaxed.
//
// Usage: basic_arena_peer <name> <count> <mode> [mode arguments] <size...>   (sizes ascending)
//   create                 create or attach, initialize every pool as the C++ constructor does,
//                          print "ready"
//   create-paused <ms>     the same, but after pool 0 is ready print "pool 0 ready", sleep <ms>, then
//                          go on with the other pools and print "ready"
//   hold-free <pool> <n>   create, pop <n> chunks of <pool>, then free the 1st, 3rd, 5th... of them
//                          in that order and exit holding the others; prints
//                          "chunks <offset of chunks[0]> stride <sizeof(Chunk)>", "popped: ..." and
//                          "freed: ..."
//   alloc-all              pop every chunk of every pool: "pool <i>: <offset> ..." per pool
//   alloc-some <n>         pop up to <n> chunks of every pool, printed the same way
//   hammer <ms>            allocate/stamp/verify/free on pool 0 for <ms> ms; exit 0 iff no chunk was
//                          ever handed out twice. Stamp protocol (shared with the Java test): the 8
//                          bytes at chunk+8 are 0 while unowned; a holder CASes 0 -> stamp after pop
//                          and stamp -> 0 before push; a failed CAS is a double hand-out.
// Offsets are byte offsets from the start of the mapping. Exit status 2 on usage or system errors.
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

constexpr uint64_t kFresh = 0;
constexpr uint64_t kBusy = 0xFFFFFFFFFFFFFFFFULL;
constexpr uint64_t kReady = 0x9F7E3B2A8D5C4E1BULL;
constexpr uint32_t kEmpty = UINT32_MAX;

// The tagged head word: the free-list head index in the low half, the generation in the high half.
union alignas(uint64_t) TaggedIndex {
    struct {
        uint32_t idx;
        uint32_t gen;
    };
    uint64_t raw;
};

template <std::size_t Size>
union alignas(alignof(std::max_align_t)) Chunk {
    uint32_t next;
    uint8_t data[Size];
};

template <std::size_t Size>
struct PoolHeader {
    alignas(64) std::atomic<uint64_t> magic;
    alignas(64) std::atomic<uint64_t> head;
    Chunk<Size> chunks[];
};

// What the compiler decided, for the record and as a build failure should it ever decide otherwise.
static_assert(alignof(std::max_align_t) == 16, "chunks are 16-byte aligned");
static_assert(sizeof(std::atomic<uint64_t>) == 8, "an 8-byte magic and head");
static_assert(sizeof(TaggedIndex) == 8 && offsetof(TaggedIndex, idx) == 0 && offsetof(TaggedIndex, gen) == 4,
              "index in the low 32 bits, generation in the high 32 bits (little-endian)");
static_assert(offsetof(PoolHeader<64>, magic) == 0, "magic first");
static_assert(offsetof(PoolHeader<64>, head) == 64, "head on the second cache line");
static_assert(offsetof(PoolHeader<64>, chunks) == 80, "chunks at the first multiple of 16 after head");
static_assert(sizeof(PoolHeader<64>) == 128, "the header counts 128 bytes, 48 of them slack after the chunks");
static_assert(alignof(PoolHeader<64>) == 64, "a pool is cache-line aligned");
static_assert(sizeof(Chunk<16>) == 16 && sizeof(Chunk<64>) == 64 && sizeof(Chunk<4096>) == 4096,
              "a chunk's stride is its size");
static_assert(offsetof(Chunk<64>, next) == 0, "the link is a free chunk's first 4 bytes");
static_assert(offsetof(PoolHeader<16>, chunks) == offsetof(PoolHeader<4096>, chunks)
                  && sizeof(PoolHeader<16>) == sizeof(PoolHeader<4096>),
              "the header does not depend on the chunk size");

// 8 bytes of a chunk that the stamp protocol uses: chunk + 8, after the link.
constexpr std::size_t kStampOffset = sizeof(uint64_t);

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "basic_arena_peer: %s\n", what.c_str());
    std::exit(2);
}

[[noreturn]] void die(const char* what) {
    fail(std::string(what) + ": " + std::strerror(errno));
}

// The library waits for another initializer without bound (spin, then yield); the peer gives up after
// ten seconds so that a test can never hang on it.
void wait_ready(const std::atomic<uint64_t>& magic) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (unsigned spins = 0; magic.load(std::memory_order_acquire) != kReady; spins++) {
        if (spins < 200) continue;
        if (std::chrono::steady_clock::now() > deadline) fail("a pool never became ready");
        std::this_thread::yield();
    }
}

// One pool of a runtime-chosen size, behind a size-independent interface.
class Pool {
  public:
    virtual ~Pool() = default;
    virtual void construct() = 0;
    virtual char* pop() = 0;
    virtual void push(char* chunk) = 0;
    virtual char* chunk(uint32_t index) = 0;
    virtual std::size_t stride() const = 0;
};

template <std::size_t Size>
class SizedPool final : public Pool {
  public:
    using Header = PoolHeader<Size>;
    static_assert(sizeof(Chunk<Size>) == Size, "a chunk's stride is its size");

    static std::size_t bytes(uint32_t count) { return sizeof(Header) + std::size_t(count) * sizeof(Chunk<Size>); }

    SizedPool(char* at, uint32_t count) : header_(reinterpret_cast<Header*>(at)), count_(count) {}

    // As the library's pool constructor: the CAS fresh -> busy elects the initializer; everybody else
    // waits for ready.
    void construct() override {
        uint64_t expected = kFresh;
        if (header_->magic.compare_exchange_strong(expected, kBusy, std::memory_order_acq_rel)) {
            for (uint32_t i = 0; i + 1 < count_; i++) header_->chunks[i].next = i + 1;
            header_->chunks[count_ - 1].next = kEmpty;
            TaggedIndex head;
            head.idx = 0;
            head.gen = 0;
            header_->head.store(head.raw, std::memory_order_relaxed);
            header_->magic.store(kReady, std::memory_order_release);
        } else {
            wait_ready(header_->magic);
        }
    }

    char* pop() override {
        TaggedIndex current, next;
        current.raw = header_->head.load(std::memory_order_acquire);
        for (;;) {
            if (current.idx == kEmpty) return nullptr;
            if (current.idx >= count_) fail("head index " + std::to_string(current.idx) + " beyond count");
            next.idx = header_->chunks[current.idx].next;
            next.gen = current.gen + 1;
            if (header_->head.compare_exchange_weak(current.raw, next.raw, std::memory_order_acq_rel,
                                                    std::memory_order_acquire)) {
                return chunk(current.idx);
            }
        }
    }

    void push(char* p) override {
        TaggedIndex current, next;
        next.idx = static_cast<uint32_t>(reinterpret_cast<Chunk<Size>*>(p) - header_->chunks);
        current.raw = header_->head.load(std::memory_order_relaxed);
        for (;;) {
            header_->chunks[next.idx].next = current.idx;
            next.gen = current.gen + 1;
            if (header_->head.compare_exchange_weak(current.raw, next.raw, std::memory_order_release,
                                                    std::memory_order_relaxed)) {
                return;
            }
        }
    }

    char* chunk(uint32_t index) override { return reinterpret_cast<char*>(&header_->chunks[index]); }

    std::size_t stride() const override { return sizeof(Chunk<Size>); }

  private:
    Header* header_;
    uint32_t count_;
};

// The sizes a peer can be asked for: one instantiation each.
template <std::size_t Size>
bool make(std::size_t size, char* at, uint32_t count, std::size_t* bytes, std::unique_ptr<Pool>* pool) {
    if (size != Size) return false;
    *bytes = SizedPool<Size>::bytes(count);
    if (at != nullptr) pool->reset(new SizedPool<Size>(at, count));
    return true;
}

// Bytes of a pool of `size` (at == nullptr) or the pool itself at `at`.
std::size_t dispatch(std::size_t size, char* at, uint32_t count, std::unique_ptr<Pool>* pool) {
    std::size_t bytes = 0;
    if (make<16>(size, at, count, &bytes, pool) || make<32>(size, at, count, &bytes, pool)
        || make<64>(size, at, count, &bytes, pool) || make<128>(size, at, count, &bytes, pool)
        || make<256>(size, at, count, &bytes, pool) || make<512>(size, at, count, &bytes, pool)
        || make<1024>(size, at, count, &bytes, pool) || make<2048>(size, at, count, &bytes, pool)
        || make<4096>(size, at, count, &bytes, pool)) {
        return bytes;
    }
    fail("chunk size " + std::to_string(size) + " is not one of 16, 32, ..., 4096");
}

// As the library's shared-memory backend: create exclusively (0644) and size, or open and check the
// size; map shared, huge pages first. Unlike the library, an opener waits up to 5 s for the creator
// to size the object instead of failing on a size of 0.
char* map_arena(const char* name, uint64_t size) {
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0644);
    if (fd >= 0) {
        if (ftruncate(fd, off_t(size)) != 0) die("ftruncate");
    } else {
        if (errno != EEXIST) die("shm_open");
        fd = shm_open(name, O_RDWR | O_CLOEXEC, 0644);
        if (fd < 0) die("shm_open existing");
        for (int tries = 0;; tries++) {
            struct stat st {};
            if (fstat(fd, &st) != 0) die("fstat");
            if (uint64_t(st.st_size) == size) break;
            if (st.st_size != 0 || tries > 5000) {
                fail("shared memory size mismatch: " + std::to_string(st.st_size) + ", expected " + std::to_string(size));
            }
            usleep(1000);
        }
    }
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_HUGETLB, fd, 0);
    if (p == MAP_FAILED && (errno == ENOMEM || errno == EINVAL)) {
        p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    }
    if (p == MAP_FAILED) die("mmap");
    close(fd);
    return static_cast<char*>(p);
}

struct Arena {
    char* memory = nullptr;
    std::vector<std::unique_ptr<Pool>> pools;

    long offset(const char* p) const { return long(p - memory); }
};

int hammer(Pool& pool, const Arena& arena, long millis) {
    const uint64_t stamp = (uint64_t(getpid()) << 16) | 0xFFFF;
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(millis);
    uint64_t ops = 0, empty = 0, doubles = 0;
    std::vector<char*> held;
    while (std::chrono::steady_clock::now() < end) {
        std::size_t want = 1 + ops % 3;
        for (std::size_t i = 0; i < want; i++) {
            char* c = pool.pop();
            if (c == nullptr) {
                empty++;
                break;
            }
            uint64_t expected = 0;
            auto* word = reinterpret_cast<uint64_t*>(c + kStampOffset);
            if (!__atomic_compare_exchange_n(word, &expected, stamp, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
                if (doubles++ < 10) {
                    std::fprintf(stderr, "double hand-out at %ld (stamp %llx)\n", arena.offset(c),
                                 (unsigned long long)expected);
                }
            }
            held.push_back(c);
            ops++;
        }
        for (char* c : held) {
            uint64_t expected = stamp;
            auto* word = reinterpret_cast<uint64_t*>(c + kStampOffset);
            if (!__atomic_compare_exchange_n(word, &expected, 0, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) doubles++;
            pool.push(c);
        }
        held.clear();
    }
    std::printf("ops=%llu empty=%llu corrupt=%llu\n", (unsigned long long)ops, (unsigned long long)empty,
                (unsigned long long)doubles);
    return doubles == 0 ? 0 : 1;
}

void print_pops(const Arena& arena, uint64_t limit) {
    for (std::size_t i = 0; i < arena.pools.size(); i++) {
        std::printf("pool %zu:", i);
        uint64_t n = 0;
        for (char* c; n < limit && (c = arena.pools[i]->pop()) != nullptr; n++) std::printf(" %ld", arena.offset(c));
        std::printf("\n");
    }
}

long number(const char* text) {
    char* end = nullptr;
    long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 0) fail(std::string("not a number: ") + text);
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        fail("usage: basic_arena_peer <name> <count> "
             "<create|create-paused ms|hold-free pool n|alloc-all|alloc-some n|hammer ms> <size...>");
    }
    long count = number(argv[2]);
    if (count < 1 || count > long(UINT32_MAX)) fail("count out of range");
    std::string mode = argv[3];
    int arguments = mode == "hold-free" ? 2 : (mode == "create-paused" || mode == "alloc-some" || mode == "hammer") ? 1 : 0;
    int first = 4 + arguments;
    if (argc <= first) fail("no chunk sizes");

    // Pool offsets as the library computes them: each pool is sizeof(header) + count * stride after
    // the previous one.
    std::vector<std::size_t> sizes, starts;
    std::size_t total = 0;
    for (int i = first; i < argc; i++) {
        sizes.push_back(std::size_t(number(argv[i])));
        if (sizes.size() > 1 && sizes.back() < sizes[sizes.size() - 2]) fail("sizes must be ascending");
        starts.push_back(total);
        total += dispatch(sizes.back(), nullptr, uint32_t(count), nullptr);
    }
    std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
    Arena arena;
    arena.memory = map_arena(argv[1], (total + page - 1) / page * page);
    for (std::size_t i = 0; i < sizes.size(); i++) {
        arena.pools.emplace_back();
        dispatch(sizes[i], arena.memory + starts[i], uint32_t(count), &arena.pools.back());
    }

    // The library's arena constructor constructs the pools in order, pool 0 first.
    for (std::size_t i = 0; i < arena.pools.size(); i++) {
        arena.pools[i]->construct();
        if (i == 0 && mode == "create-paused") {
            std::printf("pool 0 ready\n");
            std::fflush(stdout);
            std::this_thread::sleep_for(std::chrono::milliseconds(number(argv[4])));
        }
    }

    if (mode == "create" || mode == "create-paused") {
        std::printf("ready\n");
        return 0;
    }
    if (mode == "alloc-all" || mode == "alloc-some") {
        print_pops(arena, mode == "alloc-all" ? UINT64_MAX : uint64_t(number(argv[4])));
        return 0;
    }
    if (mode == "hold-free") {
        std::size_t index = std::size_t(number(argv[4]));
        long n = number(argv[5]);
        if (index >= arena.pools.size()) fail("no such pool");
        Pool& pool = *arena.pools[index];
        std::printf("chunks %ld stride %zu\n", arena.offset(pool.chunk(0)), pool.stride());
        std::vector<char*> popped;
        std::printf("popped:");
        for (long k = 0; k < n; k++) {
            char* c = pool.pop();
            if (c == nullptr) fail("pool exhausted");
            popped.push_back(c);
            std::printf(" %ld", arena.offset(c));
        }
        std::printf("\nfreed:");
        for (std::size_t k = 0; k < popped.size(); k += 2) {
            pool.push(popped[k]);
            std::printf(" %ld", arena.offset(popped[k]));
        }
        std::printf("\n");
        return 0;
    }
    if (mode == "hammer") return hammer(*arena.pools[0], arena, number(argv[4]));
    fail("unknown mode " + mode);
}
