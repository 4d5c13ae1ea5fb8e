// A loopback HTTP server that misbehaves on purpose, for tests of what agoras does against a
// hostile or broken API: each connection's request is read, then handed with the socket to a script.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace agoras::test {

class HostileServer {
public:
    // `respond` writes whatever it likes to `fd` (helpers below); it should return promptly once
    // `stopping()` is true. The connection is closed when it returns.
    using Script = std::function<void(HostileServer& server, int fd, const std::string& request)>;

    explicit HostileServer(Script respond);
    ~HostileServer();
    HostileServer(const HostileServer&) = delete;
    HostileServer& operator=(const HostileServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    bool stopping() const { return stopping_; }
    // The request lines ("GET /v1.0/me?... HTTP/1.1") seen so far.
    std::vector<std::string> request_lines() const;

    // Writes all of `data`; false once the peer has gone.
    static bool send_all(int fd, const std::string& data);
    // A complete answer with a JSON body.
    static std::string json_answer(int status, const std::string& body, const std::string& extra_headers = "");

private:
    void serve();

    Script respond_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
    std::vector<std::thread> workers_;
    std::thread acceptor_;
};

}  // namespace agoras::test
