// libcurl transport against a loopback server: request bodies from parts (memory and file ranges),
// multipart uploads, streamed answers and the size cap.
#include "net/http_service.hpp"
#include "net/http_transport.hpp"
#include "support/process.hpp"

#include "support/hostile_server.hpp"
#include "support/temp_dir.hpp"

#include <agoras/sdk/multipart.hpp>

#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <atomic>

#include <fstream>
#include <mutex>

using namespace agoras::host::net;
using agoras::test::HostileServer;

namespace {

// Answers 200 with the request's body, read to its Content-Length.
struct EchoServer {
    std::mutex mutex;
    std::string last_request;
    HostileServer server{[this](HostileServer&, int fd, const std::string& head) {
        std::string request = head;
        const auto length_at = request.find("Content-Length: ");
        const std::size_t length = length_at == std::string::npos ? 0 : std::stoul(request.substr(length_at + 16));
        const std::size_t body_start = request.find("\r\n\r\n") + 4;
        char buffer[65536];
        while (request.size() - body_start < length) {
            const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            request.append(buffer, static_cast<std::size_t>(n));
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            last_request = request;
        }
        HostileServer::send_all(fd, HostileServer::json_answer(200, request.substr(body_start)));
    }};
};

}  // namespace

TEST_CASE("http transport: a body of parts streams memory and file ranges in order", "[net]") {
    EchoServer echo;
    agoras::test::TempDir dir("parts");
    const auto file = dir.path() / "video.bin";
    std::string content;
    for (int i = 0; i < 200000; ++i) content += static_cast<char>('a' + i % 26);
    std::ofstream(file, std::ios::binary) << content;

    HttpCall call;
    call.method = "POST";
    call.url = echo.server.url() + "/upload";
    call.timeout = std::chrono::seconds(10);
    call.content_type = "application/octet-stream";
    call.body_parts = {{"head-", "", 0, 0}, {"", file.string(), 0, 0}, {"-mid-", "", 0, 0},
                       {"", file.string(), 10, 5}, {"-tail", "", 0, 0}};
    std::uint64_t last_sent = 0;
    call.on_progress = [&](std::uint64_t sent, std::uint64_t, std::uint64_t, std::uint64_t) { last_sent = sent; };
    const HttpAnswer answer = send_once(call);
    CHECK(answer.status == 200);
    CHECK(answer.body == "head-" + content + "-mid-" + content.substr(10, 5) + "-tail");
    CHECK(last_sent == answer.body.size());
}

TEST_CASE("http transport: multipart uploads carry fields and files, the file read from disk", "[net]") {
    EchoServer echo;
    agoras::test::TempDir dir("multipart");
    const auto file = dir.path() / "cat.jpg";
    std::ofstream(file, std::ios::binary) << std::string("\xff\xd8\xff\xe0 jpeg bytes", 15);
    agoras::sdk::Multipart form;
    form.field("description", "a cat \"on\" a mat").file_from_path("file", "cat.jpg", "image/jpeg", file.string());
    HttpCall call;
    call.method = "POST";
    call.url = echo.server.url() + "/api/v2/media";
    call.timeout = std::chrono::seconds(10);
    call.content_type = form.content_type();
    for (const auto& part : form.parts()) call.body_parts.push_back({part.data, part.file_path, part.file_offset, part.file_length});
    const HttpAnswer answer = send_once(call);
    const std::string boundary = form.boundary();
    CHECK(answer.body == "--" + boundary + "\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\na cat \"on\" a mat\r\n--" +
                             boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cat.jpg\"\r\n"
                             "Content-Type: image/jpeg\r\n\r\n" + std::string("\xff\xd8\xff\xe0 jpeg bytes", 15) +
                             "\r\n--" + boundary + "--\r\n");
    std::lock_guard<std::mutex> lock(echo.mutex);
    CHECK(echo.last_request.find("Content-Type: multipart/form-data; boundary=" + boundary) != std::string::npos);
    CHECK_THROWS_AS(agoras::sdk::Multipart().field("bad\"name", "x"), agoras::sdk::Error);
}

TEST_CASE("http transport: answers can be streamed, and the size cap holds for streams too", "[net]") {
    EchoServer echo;
    HttpCall call;
    call.method = "POST";
    call.url = echo.server.url() + "/echo";
    call.timeout = std::chrono::seconds(10);
    call.body = std::string(100000, 'x');
    std::string streamed;
    int chunks = 0;
    call.stream_body = [&](const char* data, std::size_t size) {
        streamed.append(data, size);
        ++chunks;
    };
    const HttpAnswer answer = send_once(call);
    CHECK(answer.body.empty());  // not kept whole
    CHECK(streamed == call.body);
    CHECK(chunks >= 1);
    call.max_response_bytes = 50000;
    CHECK_THROWS_WITH(send_once(call), Catch::Contains("larger than"));
}

TEST_CASE("http transport: a write never rides a kept-alive connection, so libcurl cannot send it twice", "[net]") {
    // A server that keeps the first connection alive after a GET, and on that connection reads a
    // POST and closes without answering (as a server restarting after acting on it would). libcurl
    // would silently resend such a request on a new connection.
    std::atomic<int> posts{0};
    HostileServer server([&](HostileServer&, int fd, const std::string& head) {
        if (head.rfind("POST", 0) == 0) {
            ++posts;
            HostileServer::send_all(fd, HostileServer::json_answer(200, R"({"id":"1"})"));
            return;
        }
        HostileServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        pollfd in{fd, POLLIN, 0};
        char buffer[4096];
        if (poll(&in, 1, 2000) > 0 && recv(fd, buffer, sizeof buffer, 0) > 0) ++posts;  // acted on, never answered
    });
    HttpCall get;
    get.url = server.url() + "/first";
    get.timeout = std::chrono::seconds(5);
    CHECK(send_once(get).status == 200);
    HttpCall post;
    post.method = "POST";
    post.url = server.url() + "/statuses";
    post.body = "text=once";
    post.timeout = std::chrono::seconds(5);
    CHECK(send_once(post).status == 200);
    CHECK(posts == 1);
}

TEST_CASE("http transport: a compressed answer that expands past the cap is refused as too large, once", "[net]") {
    // 40 MB of zeros as about 40 KB of gzip: the cap counts what it expands to.
    const std::string bomb = agoras::test::run_process({"/bin/sh", "-c", "head -c 40000000 /dev/zero | gzip -c"}).out;
    REQUIRE(bomb.size() < 100000);
    std::atomic<int> requests{0};
    HostileServer server([&](HostileServer&, int fd, const std::string&) {
        ++requests;
        HostileServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
                                        std::to_string(bomb.size()) + "\r\nConnection: close\r\n\r\n" + bomb);
    });
    HttpCall call;
    call.url = server.url() + "/bomb";
    call.retry_safe = true;  // even a request safe to repeat is not repeated for this
    call.timeout = std::chrono::seconds(10);
    try {
        send_with_policy(call, &send_once);
        FAIL("a 40 MB answer was accepted");
    } catch (const agoras::host::StatusError& e) {
        CHECK(std::string(e.what()).find("is larger than 16 MiB") != std::string::npos);
    }
    CHECK(requests == 1);
}

TEST_CASE("http transport: read_at_most_bytes keeps the first bytes of any answer, a bomb's too, and stops there", "[net]") {
    const std::string bomb = agoras::test::run_process({"/bin/sh", "-c", "head -c 40000000 /dev/zero | gzip -c"}).out;
    HostileServer server([&](HostileServer&, int fd, const std::string& head) {
        if (head.find("/bomb") != std::string::npos) {
            HostileServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: " +
                                            std::to_string(bomb.size()) + "\r\nConnection: close\r\n\r\n" + bomb);
        } else if (head.find("/short") != std::string::npos) {
            HostileServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello");
        } else {  // 64 MiB declared: refused up front under max_response_bytes, fine when only the start is wanted
            HostileServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 67108864\r\n\r\n");
            const std::string block(1 << 16, 'a');
            for (int i = 0; i < 1024 && HostileServer::send_all(fd, block); ++i) {
            }
        }
    });
    HttpCall call;
    call.timeout = std::chrono::seconds(10);
    call.read_at_most_bytes = 3000;
    call.url = server.url() + "/large";
    HttpAnswer answer = send_once(call);
    CHECK(answer.status == 200);
    CHECK(answer.body == std::string(3000, 'a'));
    CHECK(answer.truncated);
    call.url = server.url() + "/bomb";
    answer = send_once(call);
    CHECK(answer.body == std::string(3000, '\0'));
    CHECK(answer.truncated);
    call.url = server.url() + "/short";
    answer = send_once(call);
    CHECK(answer.body == "hello");
    CHECK_FALSE(answer.truncated);
}
