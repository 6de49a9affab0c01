// Fuzzes the CSV cell escaping of the admin exports: every cell is one quoted
// field (inner quotes doubled, so a spreadsheet reads it back byte for byte)
// and never starts like a formula.
#include <cstdint>
#include <string>
#include <string_view>

#include "base/csv.h"

namespace {

// RFC 4180 reading of one quoted field; false when it is not exactly one.
bool read_field(const std::string& cell, std::string* out) {
    if (cell.size() < 2 || cell.front() != '"' || cell.back() != '"') return false;
    for (size_t i = 1; i + 1 < cell.size(); ++i) {
        if (cell[i] == '"') {
            if (i + 2 >= cell.size() || cell[i + 1] != '"') return false;
            ++i;
        }
        out->push_back(cell[i]);
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string cell = guichet::csv_cell(text);
    std::string back;
    if (!read_field(cell, &back)) __builtin_trap();
    if (!back.empty() && std::string_view("=+-@\t\r").find(back.front()) != std::string_view::npos) __builtin_trap();
    if (back != text && back != "'" + std::string(text)) __builtin_trap();
    std::string row = guichet::csv_row({std::string(text), "x"});
    if (row.size() < 2 || row.compare(row.size() - 2, 2, "\r\n") != 0) __builtin_trap();
    return 0;
}
