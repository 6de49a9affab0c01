#include "base/csv.h"

namespace guichet {

std::string csv_cell(std::string_view text) {
    std::string out = "\"";
    if (!text.empty()) {
        char first = text.front();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') out += '\'';
    }
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out += ',';
        out += csv_cell(cells[i]);
    }
    out += "\r\n";
    return out;
}

}  // namespace guichet
