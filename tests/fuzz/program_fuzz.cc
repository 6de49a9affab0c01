// Fuzzes the program definition parser and the per-field validators with the
// shipped definition.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "domain/compliance.h"
#include "domain/program.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        Program parsed = parse_program(text);
        (void)parsed.fields.size();
        // A declared identity names fields whose answers have one written form.
        if (parsed.identity) {
            const ProgramField* country = parsed.field(parsed.identity->country);
            const ProgramField* number = parsed.field(parsed.identity->number);
            if (!country || country->type != ProgramFieldType::country || !number || number->charset != "passport") {
                __builtin_trap();
            }
        }
    } catch (const std::runtime_error&) {
    }
    static const Program kShipped = load_program("db/program.json");
    json_error_t error;
    Json value(json_loadb(text.data(), text.size(), JSON_DECODE_ANY, &error));
    if (value) {
        for (const ProgramField& field : kShipped.fields) (void)validate_program_value(field, value.get(), "2026-11-29");
        if (json_is_object(value.get())) {
            Compliance result = compute_compliance(kShipped, value.get(), {}, "2026-11-29");
            if (result.compliant) __builtin_trap();  // required documents are missing
        }
    }
    return 0;
}
