// A read-only view of a whole open file: mmap on construction, munmap when
// the owner goes. A 0-byte file maps to an empty view (mmap refuses length 0).
// The caller keeps the descriptor; the mapping stays valid after it is closed.
#pragma once

#include <cstddef>

namespace guichet {

class MappedFile {
public:
    // Maps `size` bytes of fd from offset 0 (the caller's fstat size, so a
    // file that grows meanwhile is seen as it was). Throws std::runtime_error
    // when mmap fails.
    MappedFile(int fd, size_t size);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    const unsigned char* data() const { return data_; }
    size_t size() const { return size_; }

private:
    void unmap() noexcept;
    const unsigned char* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace guichet
