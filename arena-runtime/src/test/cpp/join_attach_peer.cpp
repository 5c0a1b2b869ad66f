// C++ attacher that behaves as the Join library's ShmMem + BasicArena do when the object already
// exists, for AtomicPublishInteropTest: it never waits for a creator to size the object and never
// checks anything but the size.
//
// For every name read from stdin (one per line) it prints "watching <name>", then spins on
// shm_open(O_RDWR) until the name exists (so it attaches the moment a creator makes the name
// visible), checks fstat's st_size once against the size the configuration needs (the library's
// "shared memory size mismatch"), maps the object and constructs every pool in order as the
// library's pool constructor does: CAS magic 0 -> busy and initialize the pool itself if that
// succeeds, otherwise wait for ready. It then prints one of
//   <name> attached initialized=<pools this process initialized>
//   <name> mismatch <st_size> <expected>
//   <name> timeout                      (the name did not appear within 10 s)
//   <name> error <what>
// and unmaps. It exits 0 at the end of its input.
//
// The pool header is declared as the library declares it and the compiler places the fields; the
// static_asserts state what it decided. The only number read from the header is the magic word.
//
// Usage: join_attach_peer <count> <size...>   (sizes ascending, each 16, 32, ..., 4096)
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
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

static_assert(offsetof(PoolHeader<64>, magic) == 0, "magic first");
static_assert(offsetof(PoolHeader<64>, head) == 64, "head on the second cache line");
static_assert(offsetof(PoolHeader<64>, chunks) == 80, "chunks at the first multiple of 16 after head");
static_assert(sizeof(PoolHeader<16>) == sizeof(PoolHeader<4096>), "the header does not depend on the chunk size");

// The library's pool constructor. Returns 1 if this process initialized the pool, 0 if it waited for
// another initializer, -1 if the pool never became ready within 10 s (the library would wait forever).
template <std::size_t Size>
int construct(char* at, uint32_t count) {
    auto* header = reinterpret_cast<PoolHeader<Size>*>(at);
    uint64_t expected = kFresh;
    if (header->magic.compare_exchange_strong(expected, kBusy, std::memory_order_acq_rel)) {
        for (uint32_t i = 0; i + 1 < count; i++) header->chunks[i].next = i + 1;
        header->chunks[count - 1].next = kEmpty;
        header->head.store(0, std::memory_order_relaxed);  // index 0, generation 0
        header->magic.store(kReady, std::memory_order_release);
        return 1;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (header->magic.load(std::memory_order_acquire) != kReady) {
        if (std::chrono::steady_clock::now() > deadline) return -1;
        std::this_thread::yield();
    }
    return 0;
}

// Bytes of a pool of `size` chunks (at == nullptr), or the result of constructing the pool at `at`.
template <std::size_t Size>
bool pool(std::size_t size, char* at, uint32_t count, long* result) {
    if (size != Size) return false;
    *result = at == nullptr ? long(sizeof(PoolHeader<Size>) + std::size_t(count) * sizeof(Chunk<Size>))
                            : construct<Size>(at, count);
    return true;
}

long dispatch(std::size_t size, char* at, uint32_t count) {
    long result = 0;
    if (pool<16>(size, at, count, &result) || pool<32>(size, at, count, &result)
        || pool<64>(size, at, count, &result) || pool<128>(size, at, count, &result)
        || pool<256>(size, at, count, &result) || pool<512>(size, at, count, &result)
        || pool<1024>(size, at, count, &result) || pool<2048>(size, at, count, &result)
        || pool<4096>(size, at, count, &result)) {
        return result;
    }
    std::fprintf(stderr, "join_attach_peer: chunk size %zu is not one of 16, 32, ..., 4096\n", size);
    std::exit(2);
}

long number(const char* text) {
    char* end = nullptr;
    long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 1) {
        std::fprintf(stderr, "join_attach_peer: not a positive number: %s\n", text);
        std::exit(2);
    }
    return value;
}

// Attaches to `name` as the library does once the name exists; returns the line to print.
std::string attach(const std::string& name, uint32_t count, const std::vector<std::size_t>& sizes,
                   const std::vector<std::size_t>& starts, uint64_t size) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int fd = -1;
    for (unsigned spins = 0;; spins++) {
        fd = shm_open(name.c_str(), O_RDWR | O_CLOEXEC, 0644);
        if (fd >= 0) break;
        if (errno != ENOENT) return name + " error shm_open: " + std::strerror(errno);
        if ((spins & 1023) == 0 && std::chrono::steady_clock::now() > deadline) return name + " timeout";
    }
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        close(fd);
        return name + " error fstat: " + std::strerror(errno);
    }
    if (uint64_t(st.st_size) != size) {
        close(fd);
        return name + " mismatch " + std::to_string(st.st_size) + " " + std::to_string(size);
    }
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_HUGETLB, fd, 0);
    if (p == MAP_FAILED && (errno == ENOMEM || errno == EINVAL)) {
        p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    }
    close(fd);
    if (p == MAP_FAILED) return name + " error mmap: " + std::strerror(errno);
    char* memory = static_cast<char*>(p);
    int initialized = 0;
    for (std::size_t i = 0; i < sizes.size(); i++) {
        long result = dispatch(sizes[i], memory + starts[i], count);
        if (result < 0) {
            munmap(p, size);
            return name + " error pool " + std::to_string(i) + " never became ready";
        }
        initialized += int(result);
    }
    munmap(p, size);
    return name + " attached initialized=" + std::to_string(initialized);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: join_attach_peer <count> <size...>   (names on stdin)\n");
        return 2;
    }
    long count = number(argv[1]);
    if (count > long(UINT32_MAX)) {
        std::fprintf(stderr, "join_attach_peer: count out of range\n");
        return 2;
    }
    std::vector<std::size_t> sizes, starts;
    std::size_t total = 0;
    for (int i = 2; i < argc; i++) {
        sizes.push_back(std::size_t(number(argv[i])));
        starts.push_back(total);
        total += std::size_t(dispatch(sizes.back(), nullptr, uint32_t(count)));
    }
    std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
    uint64_t size = (total + page - 1) / page * page;  // the library rounds the size up to pages
    for (std::string name; std::getline(std::cin, name);) {
        std::printf("watching %s\n", name.c_str());
        std::fflush(stdout);
        std::string line = attach(name, uint32_t(count), sizes, starts, size);
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    }
    return 0;
}
