// CSV for spreadsheets (RFC 4180: comma, CRLF, double quotes doubled), made
// safe against formula injection: a text cell that a spreadsheet would read as
// a formula (starting with = + - @ tab or CR) gets a leading apostrophe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guichet {

// One cell, always quoted: "text", with " doubled and a ' before a formula start.
std::string csv_cell(std::string_view text);
// The cells joined by commas, ending with CRLF.
std::string csv_row(const std::vector<std::string>& cells);
// UTF-8 byte-order mark: lets spreadsheet programs read accented names right.
inline constexpr const char* kCsvBom = "\xEF\xBB\xBF";

}  // namespace guichet
