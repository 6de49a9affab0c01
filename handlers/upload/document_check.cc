#include "upload/document_check.h"

#include "upload/jpeg_check.h"
#include "upload/pdf_check.h"
#include "upload/png_check.h"

namespace guichet::upload {

const char* verdict_code(Verdict verdict) {
    switch (verdict) {
        case Verdict::ok: return "";
        case Verdict::damaged: return "damaged";
        case Verdict::encrypted: return "encrypted";
    }
    return "damaged";
}

DocumentCheck check_document(std::string_view media_type, const unsigned char* data, size_t size) {
    if (media_type == "image/png") return check_png(data, size);
    if (media_type == "image/jpeg") return check_jpeg(data, size);
    if (media_type == "application/pdf") return check_pdf(data, size);
    return damaged("no structural check for this type");
}

}  // namespace guichet::upload
