#include "crypto/secret_memory.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

using guichet::SecretMemory;

namespace {

// The VmFlags line of the mapping that starts at `address`, from /proc/self/smaps.
std::string vm_flags(const void* address) {
    std::ifstream smaps("/proc/self/smaps");
    char start[32];
    std::snprintf(start, sizeof start, "%lx-", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(address)));
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        if (line.rfind(start, 0) == 0) inside = true;
        if (inside && line.rfind("VmFlags:", 0) == 0) return line + " ";
    }
    return "";
}

}  // namespace

TEST_CASE("secret_memory_is_whole_zeroed_pages") {
    SecretMemory memory(100);
    CHECK(memory.size() == static_cast<size_t>(sysconf(_SC_PAGESIZE)));
    const unsigned char* bytes = static_cast<const unsigned char*>(memory.data());
    bool zero = true;
    for (size_t i = 0; i < memory.size(); ++i) zero = zero && bytes[i] == 0;
    CHECK(zero);
}

TEST_CASE("secret_memory_is_left_out_of_core_dumps_and_wiped_on_fork") {
    SecretMemory memory(4096);
    std::string flags = vm_flags(memory.data());
    INFO("VmFlags: ", flags);
    CHECK(flags.find(" dd ") != std::string::npos);  // MADV_DONTDUMP
    CHECK(flags.find(" wf ") != std::string::npos);  // MADV_WIPEONFORK
    bool locked_flag = flags.find(" lo ") != std::string::npos;
    CHECK(locked_flag == memory.locked());
}

TEST_CASE("secret_memory_is_locked_out_of_swap_when_the_limit_allows") {
    SecretMemory memory(64 * 1024);
    // Debian's default RLIMIT_MEMLOCK (8 MiB) holds 64 KiB, and root is not limited.
    CHECK(memory.locked());
    CHECK(memory.lock_error() == 0);
}

TEST_CASE("a_forked_child_reads_zeros_not_the_secret") {
    SecretMemory memory(64);
    std::memset(memory.data(), 0x5a, 64);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const unsigned char* bytes = static_cast<const unsigned char*>(memory.data());
        for (size_t i = 0; i < 64; ++i) {
            if (bytes[i] != 0) _exit(1);
        }
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(static_cast<const unsigned char*>(memory.data())[63] == 0x5a);  // the parent keeps its own
}
