#include "tools/guichet-verify/log_checkpoint.h"

#include <optional>

#include "base/encoding.h"
#include "base/json.h"
#include "tools/guichet-verify/log_entry.h"

namespace guichet::verify {

const char kLogName[] = "guichet-claims-1";

namespace {

CheckpointRead invalid(std::string problem) {
    CheckpointRead read;
    read.verdict = Verdict::invalid;
    read.problem = std::move(problem);
    return read;
}

std::optional<std::string> text_member(const json_t* object, const char* name) {
    const json_t* value = json_object_get(object, name);
    if (!json_is_string(value)) return std::nullopt;
    return std::string(json_string_value(value), json_string_length(value));
}

}  // namespace

CheckpointRead read_checkpoint(const std::string& file_json, const EcKey& key) {
    CheckpointRead read;
    json_error_t error;
    Json file(json_loadb(file_json.data(), file_json.size(), JSON_REJECT_DUPLICATES, &error));
    std::optional<std::string> text = text_member(file.get(), "checkpoint");
    std::optional<std::string> signature = text_member(file.get(), "signature");
    if (!json_is_object(file.get()) || !text || !signature) {
        read.problem = "not a {checkpoint, signature} object";
        return read;
    }
    std::optional<std::string> raw = base64_decode(*signature);
    if (!raw || raw->size() != 64) return invalid("its signature is not 64 bytes of base64");
    if (!key.verify(*text, *raw)) return invalid("its signature does not match its text and the key");

    // Signed, so what follows would be the site's own mistake, not a forgery.
    Json object(json_loadb(text->data(), text->size(), JSON_REJECT_DUPLICATES, &error));
    const json_t* count = json_object_get(object.get(), "count");
    std::optional<std::string> log = text_member(object.get(), "log");
    std::optional<std::string> head = text_member(object.get(), "head");
    if (!json_is_object(object.get()) || !log || *log != kLogName) {
        return invalid(std::string("the signed text is not a checkpoint of the log ") + kLogName);
    }
    if (!json_is_integer(count) || json_integer_value(count) < 0) return invalid("the signed count is not a whole number");
    if (!head || !lowercase_hex(*head, 64)) return invalid("the signed head is not 64 lowercase hex digits");
    read.checkpoint.count = json_integer_value(count);
    read.checkpoint.head = *head;
    if (read.checkpoint.count == 0 && *head != kZeroHash) return invalid("an empty log's head must be 64 zeros");
    read.checkpoint.program = text_member(object.get(), "program").value_or("");
    read.checkpoint.published_at = text_member(object.get(), "published_at").value_or("");
    read.checkpoint.window = text_member(object.get(), "window").value_or("");
    read.verdict = Verdict::valid;
    return read;
}

}  // namespace guichet::verify
