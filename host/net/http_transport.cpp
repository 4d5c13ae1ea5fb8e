// One HTTP/1.1 exchange: the request written by hand (it is only formatting), the answer read by Boost.Beast's
// parser, bytes moved by net/wire.cpp (sockets and OpenSSL, every step bounded by the call's deadline).
#include "net/http_transport.hpp"

#include "net/content_decoder.hpp"
#include "net/url_policy.hpp"
#include "net/wire.hpp"

#include <agoras/sdk/url.hpp>

#include <boost/beast/http/basic_parser.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

namespace agoras::host::net {
namespace {

namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

// Headers are small; a server sending more than this is not an API we talk to.
constexpr std::uint32_t kMaxHeaderBytes = 256u << 10;
constexpr std::chrono::milliseconds kMaxConnect{10'000};
constexpr std::size_t kChunk = 64u << 10;

std::string megabytes(std::size_t bytes) {
    return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes >> 10) + " KiB";
}

std::string seconds(std::chrono::milliseconds duration) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

// A connection kept open after a complete answer, for the next request of this thread to the same server:
// the several requests of one action share one TLS handshake.
struct KeptWire {
    std::string key;  // scheme://host:port, and the proxy's route_of
    std::unique_ptr<Wire> wire;
};
thread_local KeptWire kept;

std::uint64_t part_length(const BodyPart& part) {
    if (part.file_path.empty()) return part.data.size();
    if (part.file_length > 0) return part.file_length;
    std::error_code ec;
    const auto size = std::filesystem::file_size(part.file_path, ec);
    if (ec) throw TransportError("cannot read " + part.file_path + ": " + ec.message(), false);
    return size > part.file_offset ? size - part.file_offset : 0;
}

// The request line and header fields. Host, Content-Length and the framing are the transport's to write.
std::string request_head(const HttpCall& call, const RequestTarget& target, bool has_body, std::uint64_t body_length) {
    for (const auto& [name, value] : call.headers) {
        if (name.empty() || name.find_first_of("\r\n: \t") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) {
            throw usage_error("refusing to send a header with a line break, a space or a colon in its name");
        }
        for (const char* own : {"Host", "Content-Length", "Transfer-Encoding", "Connection"}) {
            if (same_header_name(name, own)) throw usage_error(std::string("refusing to send a ") + own + " header: the transport writes it");
        }
    }
    if (call.method.empty() || call.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
        throw usage_error("refusing to send a request with the method '" + call.method + "'");
    }
    const bool v6 = target.host.find(':') != std::string::npos;
    std::string host = v6 ? "[" + target.host + "]" : target.host;
    if (target.port != (target.tls() ? "443" : "80")) host += ":" + target.port;
    std::string head = call.method + " " + target.target + " HTTP/1.1\r\nHost: " + host + "\r\n";
    const auto add_unless_given = [&](const char* name, const std::string& value) {
        for (const auto& given : call.headers) {
            if (same_header_name(given.first, name)) return;
        }
        head += std::string(name) + ": " + value + "\r\n";
    };
    add_unless_given("User-Agent", "agoras/" AGORAS_VERSION);
    add_unless_given("Accept", "*/*");
    add_unless_given("Accept-Encoding", "gzip, deflate");
    if (has_body) {
        add_unless_given("Content-Type", call.content_type.empty() ? std::string("application/octet-stream") : call.content_type);
        head += "Content-Length: " + std::to_string(body_length) + "\r\n";
    }
    for (const auto& [name, value] : call.headers) head += name + ": " + value + "\r\n";
    return head + "\r\n";
}

// Where the answer's bytes go: status and fields into the answer, the body (decoded) into the answer or the
// call's stream, with the call's limits.
class AnswerReader final : public http::basic_parser<false> {
public:
    AnswerReader(const HttpCall& call, HttpAnswer& answer) : call_(call), answer_(answer) {
        header_limit(kMaxHeaderBytes);
        // The decoded size is what counts (deliver). Not boost::none: Boost 1.74 compares a length with the optional
        // itself, and every length is then "over" a limit that is not set.
        body_limit(std::numeric_limits<std::uint64_t>::max());
        eager(true);
        if (call.method == "HEAD") skip(true);
        answer_.headers.clear();
    }

    bool too_large = false;
    bool enough = false;    // read_at_most_bytes arrived
    bool streamed = false;  // some of a successful answer's body went to call.stream_body
    std::optional<std::uint64_t> declared;
    std::uint64_t received = 0;  // decoded body bytes
    std::string failure;         // why a callback stopped the parser

    void finish_body() {
        if (decoder_) decoder_->finish();
    }

private:
    void on_request_impl(http::verb, boost::beast::string_view, boost::beast::string_view, int, boost::beast::error_code&) override {}
    void on_response_impl(int code, boost::beast::string_view, int, boost::beast::error_code&) override { answer_.status = code; }
    void on_field_impl(http::field, boost::beast::string_view name, boost::beast::string_view value, boost::beast::error_code&) override {
        answer_.headers.emplace_back(std::string(name), std::string(value));
    }
    void on_header_impl(boost::beast::error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) override {
        if (length) declared = *length;
        // Refused at once when the declared length is over the cap (unless only the first bytes are wanted).
        if (length && call_.read_at_most_bytes == 0 && *length > call_.max_response_bytes) {
            too_large = true;
            ec = http::error::body_limit;
            return;
        }
        try {
            decoder_.emplace(answer_.header("Content-Encoding"));
        } catch (const std::exception& e) {
            failure = e.what();
            ec = http::error::bad_field;
            return;
        }
        stream_ = call_.stream_body && answer_.status >= 200 && answer_.status < 300;
        // Reserved once where the length is declared: no string doubling its way to the answer's size.
        if (!stream_ && length && *length <= call_.max_response_bytes && call_.read_at_most_bytes == 0) {
            answer_.body.reserve(static_cast<std::size_t>(*length));
        }
    }
    std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code& ec) override {
        decode(body, ec);
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, boost::beast::error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, boost::beast::error_code& ec) override {
        decode(body, ec);
        return body.size();
    }
    void on_finish_impl(boost::beast::error_code&) override {}

    void decode(boost::beast::string_view body, boost::beast::error_code& ec) {
        try {
            if (!decoder_->feed(std::string_view(body.data(), body.size()), [this](const char* data, std::size_t n) { return deliver(data, n); })) {
                ec = http::error::body_limit;  // stop here: enough, or too much
            }
        } catch (const std::exception& e) {
            failure = e.what();
            ec = http::error::bad_chunk;
        }
    }

    bool deliver(const char* data, std::size_t n) {
        if (const std::size_t wanted = call_.read_at_most_bytes; wanted > 0 && received + n >= wanted) {
            n = static_cast<std::size_t>(wanted - received);  // the part still wanted, then stop
            enough = true;
        } else if (wanted == 0 && received + n > call_.max_response_bytes) {
            too_large = true;
            return false;
        }
        received += n;
        // Only a successful answer's body is streamed: a redirect's, an error's or a throttled one's is kept
        // whole, so that what reaches the stream is one answer's body and nothing else.
        if (stream_) {
            streamed = true;
            call_.stream_body(data, n);
        } else {
            answer_.body.append(data, n);
        }
        return !enough;
    }

    const HttpCall& call_;
    HttpAnswer& answer_;
    std::optional<ContentDecoder> decoder_;
    bool stream_ = false;
};

// What an exchange got to, for the error a failure becomes: whether the server may have seen the request, whether
// any of an answer arrived, whether some of a body already went to call.stream_body (it cannot be taken back).
struct Reached {
    std::uint64_t sent = 0;  // bytes written, head included
    bool answered = false;
    bool streamed = false;
};

// Sends the body's parts in order: memory as it is, files read as they are sent.
void send_parts(Wire& wire, const HttpCall& call, const std::vector<std::uint64_t>& lengths, std::uint64_t total,
                Deadline deadline, Reached& reached) {
    std::vector<char> buffer;
    std::uint64_t body_sent = 0;  // what progress reports: the body, not the head
    for (std::size_t i = 0; i < call.body_parts.size(); ++i) {
        const BodyPart& part = call.body_parts[i];
        if (part.file_path.empty()) {
            wire.send(part.data.data(), part.data.size(), deadline);
            reached.sent += part.data.size();
            body_sent += part.data.size();
            continue;
        }
        std::ifstream file(part.file_path, std::ios::binary);
        file.seekg(static_cast<std::streamoff>(part.file_offset));
        if (!file) throw TransportError("cannot read " + part.file_path + ": " + std::strerror(errno), false, true);
        buffer.resize(kChunk * 4);
        for (std::uint64_t done = 0; done < lengths[i];) {
            file.read(buffer.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(buffer.size(), lengths[i] - done)));
            const auto got = static_cast<std::size_t>(file.gcount());
            if (got == 0) throw TransportError("sending failed: " + part.file_path + " ended before its announced length", false, true);
            wire.send(buffer.data(), got, deadline);
            done += got;
            reached.sent += got;
            body_sent += got;
            if (call.on_progress) call.on_progress(body_sent, total, 0, 0);
        }
    }
}

struct Outcome {
    HttpAnswer answer;
    bool reusable = false;
};

// One request on `wire`, its answer read whole (or to read_at_most_bytes).
Outcome exchange(Wire& wire, const HttpCall& call, const std::string& head, const std::vector<std::uint64_t>& lengths,
                 std::uint64_t body_total, Deadline deadline, Reached& reached) {
    // The head and a body in memory go out in one write.
    if (call.body_parts.empty()) {
        const std::string message = head + call.body;
        wire.send(message.data(), message.size(), deadline);
        reached.sent = message.size();
    } else {
        wire.send(head.data(), head.size(), deadline);
        reached.sent = head.size();
        send_parts(wire, call, lengths, body_total, deadline, reached);
    }
    Outcome outcome;
    std::string pending;  // bytes read and not yet taken by the parser (a header, a chunk's size line)
    char buffer[kChunk];
    bool closed = false;
    const auto read_more = [&] {  // false once the server closed the connection
        const std::size_t n = wire.receive(buffer, sizeof buffer, deadline);
        if (n == 0) return !(closed = true);
        reached.answered = true;
        pending.append(buffer, n);
        // Only a header or a chunk's size line waits here, and Beast bounds those.
        if (pending.size() > kMaxHeaderBytes + sizeof buffer) throw WireError("the answer's framing is too long");
        return true;
    };
    for (;;) {  // an interim answer (100 Continue) is followed by the real one
        AnswerReader reader(call, outcome.answer);
        while (!reader.is_done()) {
            if (pending.empty() && (closed || !read_more())) {
                if (!reached.answered) throw WireError("the server closed the connection without answering");
                boost::beast::error_code ec;
                reader.put_eof(ec);  // an answer whose end is the connection's
                if (ec) throw WireError("the answer ended early");
                break;
            }
            boost::beast::error_code ec;
            const std::size_t used = reader.put(boost::asio::const_buffer(pending.data(), pending.size()), ec);
            pending.erase(0, used);
            reached.streamed = reached.streamed || reader.streamed;
            if (call.on_progress) call.on_progress(body_total, body_total, reader.received, reader.declared.value_or(0));
            if (reader.too_large) {
                throw TransportError("the answer from " + describe_endpoint(call.url) + " is larger than " +
                                         megabytes(call.max_response_bytes) + "; stopped reading it",
                                     false, true);
            }
            if (reader.enough) {
                outcome.answer.truncated = true;
                return outcome;  // the rest is never read, and the connection is not kept
            }
            if (ec == http::error::need_more) {
                if (!read_more()) pending.clear();  // what is left can never complete: put_eof says so above
                continue;
            }
            if (ec == http::error::header_limit) {
                throw TransportError("the answer from " + describe_endpoint(call.url) +
                                         " has more than 256 KiB of headers; stopped reading it",
                                     false, true);
            }
            if (ec) throw WireError(reader.failure.empty() ? "the answer is not valid HTTP: " + ec.message() : reader.failure);
        }
        reader.finish_body();
        const int status = outcome.answer.status;
        if (status >= 100 && status < 200 && status != 101) {
            outcome.answer = HttpAnswer{};
            continue;
        }
        outcome.reusable = reader.keep_alive() && pending.empty() && !closed;
        return outcome;
    }
}

}  // namespace

HttpAnswer send_once(const HttpCall& call) {
    const RequestTarget target = request_target(call.url);
    const std::string endpoint = describe_endpoint(call.url);
    const auto timeout = call.timeout.count() > 0 ? call.timeout : std::chrono::milliseconds(kDefaultTimeout);
    const Deadline deadline = Clock::now() + timeout;

    std::vector<std::uint64_t> lengths;  // measured before anything is sent
    std::uint64_t body_total = call.body.size();
    if (!call.body_parts.empty()) {
        body_total = 0;
        for (const auto& part : call.body_parts) body_total += lengths.emplace_back(part_length(part));
    }
    const bool has_body = body_total > 0 || call.method == "POST" || call.method == "PUT" || call.method == "PATCH";
    const std::string head = request_head(call, target, has_body, body_total);
    // The route: a connection made through another proxy (or none) is not this request's.
    const std::optional<Proxy> proxy = proxy_for(target);
    const std::string key = target.scheme + "://" + target.host + ":" + target.port + (proxy ? " via " + route_of(*proxy) : "");

    // A write never rides a kept-alive connection: one found closed after the request went out leaves it
    // unknown whether the server acted, and it is never sent again. Reads may, and are sent again on a fresh
    // connection when a kept one turns out closed before any answer.
    std::unique_ptr<Wire> wire;
    if (!is_write(call) && kept.wire && kept.key == key && kept.wire->idle()) wire = std::move(kept.wire);
    kept.wire.reset();
    const bool reused = wire != nullptr;
    Reached reached;
    for (int round = 0;; ++round) {
        try {
            if (!wire) wire = Wire::open(target, proxy, Clock::now() + kMaxConnect, deadline);
            Outcome outcome = exchange(*wire, call, head, lengths, body_total, deadline, reached);
            if (outcome.reusable) kept = {key, std::move(wire)};
            HttpAnswer& answer = outcome.answer;
            if (answer.status >= 300 && answer.status < 400) {
                const std::string location = answer.header("Location");
                if (!location.empty()) answer.redirect_url = sdk::resolve_url(call.url, location);
            }
            return std::move(outcome.answer);
        } catch (const WireError& e) {
            wire.reset();
            if (reused && round == 0 && !reached.answered) {  // a kept connection the server had closed: once more, fresh
                reached = Reached{};
                continue;
            }
            const bool delivered = reached.sent > 0;
            if (e.timed_out()) {
                // Once part of a body was streamed it cannot be taken back: the request is not sent again.
                throw TransportError("no complete answer from " + endpoint + " within " + seconds(timeout) + " s",
                                     !reached.streamed, delivered);
            }
            throw TransportError("no answer from " + endpoint + ": " + e.what(), !reached.streamed && !e.permanent(), delivered);
        }
    }
}

}  // namespace agoras::host::net
