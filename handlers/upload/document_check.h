// Whether an upload is a real, undamaged document of the type its first bytes
// claim (sniff.h): each format is parsed far enough to know its structure is
// whole, without decoding pixels or page content. See docs/security.md,
// "What an upload must be", for what each check verifies.
#pragma once

#include <cstddef>
#include <string_view>

namespace guichet::upload {

enum class Verdict {
    ok,
    damaged,    // the structure is invalid, truncated or followed by junk
    encrypted,  // a PDF with /Encrypt in its trailer: reviewers could not open it
};

struct DocumentCheck {
    Verdict verdict = Verdict::ok;
    const char* why = "";  // for the log, never for the candidate ("" when ok)

    bool ok() const { return verdict == Verdict::ok; }
};

inline DocumentCheck document_ok() { return {Verdict::ok, ""}; }
inline DocumentCheck damaged(const char* why) { return {Verdict::damaged, why}; }

// The field code a refusal carries ("damaged", "encrypted"); "" for ok.
const char* verdict_code(Verdict verdict);

// Dispatches on the sniffed media type ("application/pdf", "image/jpeg",
// "image/png"); any other type is damaged (fails closed). Pure and total:
// any bytes, never a read outside [data, data + size), time linear in size.
DocumentCheck check_document(std::string_view media_type, const unsigned char* data, size_t size);

}  // namespace guichet::upload
