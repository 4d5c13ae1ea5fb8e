// Undoes an answer's Content-Encoding as its bytes arrive: gzip and deflate (zlib), the encodings the
// transport asks for. What a server sends unasked (br, zstd, …) is refused, not passed on as if it were text.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace agoras::host::net {

class ContentDecoder {
public:
    // Receives decoded bytes; returns false to stop decoding (enough has arrived, or too much).
    using Sink = std::function<bool(const char* data, std::size_t size)>;

    // `encoding`: the Content-Encoding header ("" or identity: bytes pass as they are). Throws std::runtime_error
    // naming an encoding it cannot undo.
    explicit ContentDecoder(std::string_view encoding);
    ~ContentDecoder();
    ContentDecoder(const ContentDecoder&) = delete;
    ContentDecoder& operator=(const ContentDecoder&) = delete;

    // Decodes `data` into `sink`; false once the sink asked to stop. Throws std::runtime_error on corrupt data.
    bool feed(std::string_view data, const Sink& sink);
    // Throws std::runtime_error when the encoded stream stopped before its end.
    void finish() const;

private:
    bool inflating_ = false;
    bool ended_ = false;  // the compressed stream's end was seen
    z_stream stream_{};
};

}  // namespace agoras::host::net
