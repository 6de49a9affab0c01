// Measures what the upload's structural check (handlers/upload/document_check.h)
// costs per MB of each format, the way put_document runs it: over a read-only
// mapping (base/mapped_file.h) of a file already in the page cache. Built and
// run by hand (docs/security.md, "What an upload must be"), from the top of
// the checkout:
//
//   g++ -std=c++17 -O2 -Ihandlers -I. tests/bench/document_check_bench.cc handlers/base/crc32.cc
//       handlers/base/mapped_file.cc handlers/upload/{document,png,jpeg,pdf}_check.cc
//       handlers/upload/pdf_{lexer,dictionary}.cc -o /tmp/document-check-bench
//   /tmp/document-check-bench [MB]
//
// Each input is MB megabytes (default 10) of a valid document: a PNG of 64 KiB
// IDAT chunks, a JPEG whose one scan is random entropy-coded bytes (FF
// stuffed), a PDF padded by a comment. Prints the median of 9 runs of the
// thread's CPU time, in ms per MB.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "base/crc32.h"
#include "base/fd.h"
#include "base/mapped_file.h"
#include "tests/fixtures/document_bytes.h"
#include "upload/document_check.h"

using namespace guichet;

namespace {

std::string be32(uint32_t v) {
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string chunk(const std::string& type, const std::string& body) {
    std::string typed = type + body;
    return be32(uint32_t(body.size())) + typed + be32(crc32(reinterpret_cast<const unsigned char*>(typed.data()), typed.size()));
}

std::string big_png(size_t bytes, std::mt19937& random) {
    std::string png("\x89PNG\r\n\x1A\n", 8);
    png += chunk("IHDR", be32(4000) + be32(3000) + std::string("\x08\x02\x00\x00\x00", 5));
    std::string body(65536, '\0');
    while (png.size() < bytes) {
        for (char& c : body) c = char(random());
        png += chunk("IDAT", body);
    }
    return png + chunk("IEND", "");
}

std::string big_jpeg(size_t bytes, std::mt19937& random) {
    std::string small = test::fixture_document("valid.jpg");
    size_t sos = small.find("\xFF\xDA");
    std::string jpeg = small.substr(0, sos + 2 + ((unsigned char)small[sos + 2] << 8 | (unsigned char)small[sos + 3]));
    while (jpeg.size() < bytes) {
        char c = char(random());
        jpeg += c;
        if (c == '\xFF') jpeg += '\0';
    }
    return jpeg + "\xFF\xD9";
}

double cpu_ms() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

void measure(const char* type, const std::string& bytes) {
    std::string path = "/tmp/document-check-bench.input";
    std::ofstream(path, std::ios::binary) << bytes;
    std::vector<double> runs;
    upload::DocumentCheck result;
    for (int i = 0; i < 9; ++i) {
        Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
        double start = cpu_ms();
        MappedFile map(fd.get(), bytes.size());
        result = upload::check_document(type, map.data(), map.size());
        runs.push_back(cpu_ms() - start);
    }
    std::sort(runs.begin(), runs.end());
    double mb = bytes.size() / 1e6;
    std::printf("%-16s %7.1f MB  %s  %8.3f ms  %7.3f ms/MB\n", type, mb, result.ok() ? "ok     " : result.why,
                runs[4], runs[4] / mb);
    unlink(path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    size_t mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10;
    std::mt19937 random(42);
    measure("image/png", big_png(mb * 1000000, random));
    measure("image/jpeg", big_jpeg(mb * 1000000, random));
    measure("application/pdf", test::valid_pdf(mb * 1000000));
    return 0;
}
