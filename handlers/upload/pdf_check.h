// The structure of a PDF (ISO 32000): a %PDF-1.0..1.7 or %PDF-2.0 header at
// byte 0; %%EOF within the last 1024 bytes with only whitespace after it;
// startxref just before it, giving an offset inside the file that points at
// either a cross-reference table ("xref", well-formed subsections of 20-byte
// entries whose offsets lie inside the file, then "trailer <<...>>") or a
// cross-reference stream ("N G obj <</Type /XRef ...>> stream", its direct
// /Length inside the file and followed by endstream); that trailer or stream
// dictionary names /Root as a reference. A trailer with /Encrypt is refused as
// encrypted: reviewers could not open the document. Pages are not parsed, and
// only the newest cross-reference section is read (not its /Prev chain).
#pragma once

#include <cstddef>

#include "upload/document_check.h"

namespace guichet::upload {

DocumentCheck check_pdf(const unsigned char* data, size_t size);

}  // namespace guichet::upload
