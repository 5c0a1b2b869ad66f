// A minimal, faithful C++ peer of the arena layout in DESIGN.md ("Memory layout"): it plays the
// role of the C++ BasicArena<ShmMem, Count, Sizes...> so that CppInteropTest can prove a C++
// process and a Java process share one named arena. No descriptor is written: bytes 8..63 of every
// pool header stay zero, as the C++ library leaves them.
//
// Usage: basic_arena_peer <name> <count> <mode> <size...>
//   create           initialize (or attach to) the arena, print "ready", exit 0
//   alloc-all        pop every chunk of every pool, print "pool <i>: <offset> ...", exit 0
//   hammer <ms>      allocate/stamp/verify/free on pool 0 for <ms> ms; exit 0 iff no chunk was
//                    ever handed out twice. Stamp protocol (shared with the Java test): the 8 bytes
//                    at chunk+8 are 0 while unowned; a holder CASes 0 -> stamp after pop and
//                    stamp -> 0 before push; a failed CAS is a double hand-out.
#include <chrono>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr uint64_t kFresh = 0, kBusy = ~0ULL, kReady = 0x9F7E3B2A8D5C4E1BULL;
constexpr uint32_t kEmpty = 0xFFFFFFFFu;
constexpr uint64_t kHeader = 128, kHeadOffset = 64, kStampOffset = 8;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "basic_arena_peer: %s: %s\n", what, std::strerror(errno));
    std::exit(2);
}

struct Pool {
    char* base;
    uint64_t count, size;
    uint64_t* magic() const { return reinterpret_cast<uint64_t*>(base); }
    uint64_t* head() const { return reinterpret_cast<uint64_t*>(base + kHeadOffset); }
    char* chunk(uint64_t index) const { return base + kHeader + index * size; }
    uint32_t* link(uint64_t index) const { return reinterpret_cast<uint32_t*>(chunk(index)); }

    void init() {
        uint64_t expected = kFresh;
        if (__atomic_compare_exchange_n(magic(), &expected, kBusy, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            for (uint64_t i = 0; i < count; i++) *link(i) = i + 1 < count ? uint32_t(i + 1) : kEmpty;
            __atomic_store_n(head(), uint64_t{0}, __ATOMIC_RELAXED);
            __atomic_store_n(magic(), kReady, __ATOMIC_RELEASE);
            return;
        }
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (__atomic_load_n(magic(), __ATOMIC_ACQUIRE) != kReady) {
            if (std::chrono::steady_clock::now() > deadline) {
                std::fprintf(stderr, "basic_arena_peer: pool never became ready\n");
                std::exit(2);
            }
            sched_yield();
        }
    }

    // The first free chunk, or nullptr when the pool is empty.
    char* pop() const {
        uint64_t old = __atomic_load_n(head(), __ATOMIC_ACQUIRE);
        while (true) {
            uint32_t index = uint32_t(old);
            if (index == kEmpty) return nullptr;
            uint64_t next = __atomic_load_n(link(index), __ATOMIC_RELAXED);
            uint64_t replacement = (((old >> 32) + 1) << 32) | next;
            if (__atomic_compare_exchange_n(head(), &old, replacement, false, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
                return chunk(index);
            }
        }
    }

    void push(char* c) const {
        uint64_t index = uint64_t(c - base - kHeader) / size;
        uint64_t old = __atomic_load_n(head(), __ATOMIC_RELAXED);
        while (true) {
            __atomic_store_n(link(index), uint32_t(old), __ATOMIC_RELAXED);
            uint64_t replacement = (((old >> 32) + 1) << 32) | index;
            if (__atomic_compare_exchange_n(head(), &old, replacement, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
                return;
            }
        }
    }
};

char* map_arena(const char* name, uint64_t total) {
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) {
        if (ftruncate(fd, off_t(total)) != 0) die("ftruncate");
    } else {
        if (errno != EEXIST) die("shm_open");
        fd = shm_open(name, O_RDWR | O_CLOEXEC, 0600);
        if (fd < 0) die("shm_open existing");
        struct stat st {};
        for (int tries = 0;; tries++) {  // the creator may not have sized it yet
            if (fstat(fd, &st) != 0) die("fstat");
            if (uint64_t(st.st_size) == total) break;
            if (st.st_size != 0 || tries > 5000) {
                std::fprintf(stderr, "basic_arena_peer: size %lld, expected %llu\n", (long long)st.st_size,
                             (unsigned long long)total);
                std::exit(2);
            }
            usleep(1000);
        }
    }
    void* p = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) die("mmap");
    close(fd);
    return static_cast<char*>(p);
}

int hammer(const Pool& pool, long millis, char* memory) {
    const uint64_t stamp = (uint64_t(getpid()) << 16) | 0xFFFF;
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(millis);
    uint64_t ops = 0, empty = 0, corrupt = 0;
    std::vector<char*> held;
    while (std::chrono::steady_clock::now() < end) {
        size_t want = 1 + ops % 3;
        for (size_t i = 0; i < want; i++) {
            char* c = pool.pop();
            if (c == nullptr) { empty++; break; }
            uint64_t expected = 0;
            auto* word = reinterpret_cast<uint64_t*>(c + kStampOffset);
            if (!__atomic_compare_exchange_n(word, &expected, stamp, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
                if (corrupt++ < 10) std::fprintf(stderr, "double hand-out at %ld (stamp %llx)\n", long(c - memory),
                             (unsigned long long)expected);
            }
            held.push_back(c);
            ops++;
        }
        for (char* c : held) {
            uint64_t expected = stamp;
            auto* word = reinterpret_cast<uint64_t*>(c + kStampOffset);
            if (!__atomic_compare_exchange_n(word, &expected, 0, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) corrupt++;
            pool.push(c);
        }
        held.clear();
    }
    std::printf("ops=%llu empty=%llu corrupt=%llu\n", (unsigned long long)ops, (unsigned long long)empty,
                (unsigned long long)corrupt);
    return corrupt == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s <name> <count> <create|alloc-all|hammer ms> <size...>\n", argv[0]);
        return 2;
    }
    uint64_t count = std::strtoull(argv[2], nullptr, 10);
    std::string mode = argv[3];
    int first = mode == "hammer" ? 5 : 4;
    long millis = mode == "hammer" ? std::strtol(argv[4], nullptr, 10) : 0;
    std::vector<uint64_t> sizes;
    for (int i = first; i < argc; i++) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
    uint64_t total = 0;
    for (uint64_t s : sizes) total += kHeader + count * s;
    uint64_t page = uint64_t(sysconf(_SC_PAGESIZE));
    char* memory = map_arena(argv[1], (total + page - 1) / page * page);
    std::vector<Pool> pools;
    for (uint64_t s = 0, at = 0; s < sizes.size(); at += kHeader + count * sizes[s], s++) {
        pools.push_back(Pool{memory + at, count, sizes[s]});
        pools.back().init();
    }
    if (mode == "create") {
        std::printf("ready\n");
        return 0;
    }
    if (mode == "alloc-all") {
        for (size_t i = 0; i < pools.size(); i++) {
            std::printf("pool %zu:", i);
            for (char* c; (c = pools[i].pop()) != nullptr;) std::printf(" %ld", long(c - memory));
            std::printf("\n");
        }
        return 0;
    }
    if (mode == "hammer") return hammer(pools[0], millis, memory);
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
}
