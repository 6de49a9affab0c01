// Fuzzes the declared-input parser that every handler runs on its JSON body.
#include <cstdint>
#include <string_view>

#include "base/api_error.h"
#include "http/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    static const std::vector<FieldSpec> kSpecs = {
        {"email", FieldType::email, true, 0, 254},     {"password", FieldType::password, false, 10, 128},
        {"name", FieldType::text, false, 1, 200},      {"lang", FieldType::lang, false},
        {"places", FieldType::integer, false, 0, 1000000}, {"flag", FieldType::boolean, false},
        {"opens_at", FieldType::time, false},
    };
    try {
        Input input = parse_input(std::string_view(reinterpret_cast<const char*>(data), size), kSpecs);
        (void)input.text("email");
        (void)input.time_ms("opens_at");
    } catch (const ApiError& error) {
        if (error.status() != 400 && error.status() != 422) __builtin_trap();
    }
    return 0;
}
