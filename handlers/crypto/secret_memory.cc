#include "crypto/secret_memory.h"

#include <mbedtls/platform_util.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace guichet {

SecretMemory::SecretMemory(size_t bytes) {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_ = ((bytes == 0 ? 1 : bytes) + page - 1) / page * page;
    void* mapped = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::runtime_error(std::string("secret memory: mmap: ") + std::strerror(errno));
    data_ = mapped;
    if (madvise(data_, size_, MADV_DONTDUMP) != 0 || madvise(data_, size_, MADV_WIPEONFORK) != 0) {
        int error = errno;
        munmap(data_, size_);
        throw std::runtime_error(std::string("secret memory: madvise: ") + std::strerror(error));
    }
    // The system call itself, not libc's mlock: AddressSanitizer intercepts mlock and munlock as
    // no-ops that report success, and a sanitized build must lock what a release build locks.
    locked_ = syscall(SYS_mlock, data_, size_) == 0;
    lock_error_ = locked_ ? 0 : errno;
}

SecretMemory::~SecretMemory() {
    mbedtls_platform_zeroize(data_, size_);
    if (locked_) syscall(SYS_munlock, data_, size_);
    munmap(data_, size_);
}

}  // namespace guichet
