// Recognising a document's type from its first bytes. The request's
// Content-Type is the client's claim and is never trusted; this is the only
// thing that decides what a stored document claims to be, and the structural
// check of that type (document_check.h) then decides whether it is one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace guichet::upload {

// How many leading bytes sniff_media_type needs at most.
inline constexpr size_t kSniffBytes = 8;

// "application/pdf" (%PDF-), "image/jpeg" (FF D8 FF), "image/png" (the
// 8-byte PNG signature), or "" for anything else. Pure and total: any bytes,
// any length (a fuzz target).
std::string sniff_media_type(std::string_view head);

}  // namespace guichet::upload
