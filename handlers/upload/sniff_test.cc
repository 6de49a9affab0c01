// Content sniffing: the bytes decide, never the name or the header.
#include <doctest/doctest.h>

#include <string>

#include "upload/sniff.h"

using guichet::upload::sniff_media_type;
using namespace std::string_literals;

TEST_CASE("sniff_recognises_pdf_jpeg_and_png_signatures") {
    CHECK(sniff_media_type("%PDF-1.7\n%\xE2\xE3") == "application/pdf");
    CHECK(sniff_media_type("\xFF\xD8\xFF\xE0\x00\x10JFIF"s) == "image/jpeg");
    CHECK(sniff_media_type("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR"s) == "image/png");
}

TEST_CASE("sniff_rejects_an_executable_whatever_it_is_called") {
    CHECK(sniff_media_type("\x7F" "ELF\x02\x01\x01\x00"s).empty());
    CHECK(sniff_media_type("MZ\x90\x00"s).empty());
    CHECK(sniff_media_type("#!/bin/sh\n").empty());
}

TEST_CASE("sniff_rejects_truncated_and_near_miss_signatures") {
    CHECK(sniff_media_type("").empty());
    CHECK(sniff_media_type("%PDF").empty());
    CHECK(sniff_media_type(" %PDF-1.4").empty());
    CHECK(sniff_media_type("%pdf-1.4").empty());
    CHECK(sniff_media_type("\xFF\xD8"s).empty());
    CHECK(sniff_media_type("\x89PNG\r\n\x1A"s).empty());
    CHECK(sniff_media_type("\x89PNG\n\r\x1A\n"s).empty());
    CHECK(sniff_media_type("<html>%PDF-").empty());
}

TEST_CASE("sniff_is_total_over_every_short_input") {
    // Every 1- and 2-byte input: no crash, and only JPEG/PDF/PNG prefixes can match (none this short).
    for (int a = 0; a < 256; ++a) {
        std::string one(1, static_cast<char>(a));
        CHECK(sniff_media_type(one).empty());
        for (int b = 0; b < 256; ++b) {
            std::string two = one + static_cast<char>(b);
            if (!sniff_media_type(two).empty()) FAIL("two bytes matched a signature");
        }
    }
}
