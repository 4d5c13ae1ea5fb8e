#include "support/hostile_server.hpp"

#include "support/loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace agoras::test {

HostileServer::HostileServer(Script respond) : respond_(std::move(respond)) {
    listener_ = listen_loopback(port_);
    acceptor_ = std::thread([this] { serve(); });
}

HostileServer::~HostileServer() {
    stopping_ = true;
    acceptor_.join();
    for (auto& worker : workers_) worker.join();
    close(listener_);
}

std::vector<std::string> HostileServer::request_lines() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
}

bool HostileServer::send_all(int fd, const std::string& data) { return agoras::test::send_all(fd, data); }

std::string HostileServer::json_answer(int status, const std::string& body, const std::string& extra_headers) {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n" + extra_headers + "\r\n" + body;
}

void HostileServer::serve() {
    while (!stopping_) {
        pollfd pfd{listener_, POLLIN, 0};
        if (poll(&pfd, 1, 50) <= 0) continue;
        const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        workers_.emplace_back([this, fd] {
            std::string request;
            char buffer[4096];
            // The head, then as much body as Content-Length announces (small in these tests).
            while (request.find("\r\n\r\n") == std::string::npos) {
                pollfd in{fd, POLLIN, 0};
                if (stopping_ || poll(&in, 1, 2000) <= 0) break;
                const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                request.append(buffer, static_cast<std::size_t>(n));
            }
            {
                std::lock_guard<std::mutex> lock(mutex_);
                lines_.push_back(request.substr(0, request.find("\r\n")));
            }
            if (!request.empty()) respond_(*this, fd, request);
            close(fd);
        });
    }
}

}  // namespace agoras::test
