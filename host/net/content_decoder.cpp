#include "net/content_decoder.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace agoras::host::net {
namespace {

std::string lowercase_trimmed(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c != ' ' && c != '\t') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

ContentDecoder::ContentDecoder(std::string_view encoding) {
    const std::string name = lowercase_trimmed(encoding);
    if (name.empty() || name == "identity") return;
    if (name != "gzip" && name != "x-gzip" && name != "deflate") {
        throw std::runtime_error("the answer is encoded as '" + name + "', which agoras did not ask for");
    }
    // 15 + 32: a zlib or a gzip header, whichever the stream starts with.
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) throw std::runtime_error("cannot start decompressing the answer");
    inflating_ = true;
}

ContentDecoder::~ContentDecoder() {
    if (inflating_) inflateEnd(&stream_);
}

bool ContentDecoder::feed(std::string_view data, const Sink& sink) {
    if (!inflating_) return data.empty() || sink(data.data(), data.size());
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    char out[64 * 1024];
    for (;;) {
        if (ended_) {
            if (stream_.avail_in == 0) return true;
            // Another gzip member follows (concatenated members are one stream).
            if (inflateReset(&stream_) != Z_OK) throw std::runtime_error("cannot decompress the answer");
            ended_ = false;
        }
        stream_.next_out = reinterpret_cast<Bytef*>(out);
        stream_.avail_out = sizeof out;
        const int rc = inflate(&stream_, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            throw std::runtime_error("the answer's compressed body is corrupt");
        }
        ended_ = rc == Z_STREAM_END;
        const std::size_t produced = sizeof out - stream_.avail_out;
        if (produced > 0 && !sink(out, produced)) return false;
        // Done with this input once it is all read and the output did not fill (zlib holds nothing back).
        if (!ended_ && stream_.avail_in == 0 && stream_.avail_out != 0) return true;
        if (rc == Z_BUF_ERROR && produced == 0) return true;
    }
}

void ContentDecoder::finish() const {
    if (inflating_ && !ended_ && stream_.total_in > 0) throw std::runtime_error("the answer's compressed body was cut short");
}

}  // namespace agoras::host::net
