// Runs build/bin/agoras-sandbox for one test on a free loopback port, and talks to its control API.
#pragma once

#include "support/process.hpp"

#include <map>
#include <string>
#include <sys/types.h>

namespace agoras::test {

// A loopback port that is free right now, below Linux's ephemeral range (32768+) where outgoing
// connections live.
int free_port();

class SandboxProcess {
public:
    SandboxProcess();
    ~SandboxProcess();  // SIGTERM, then waits
    SandboxProcess(const SandboxProcess&) = delete;
    SandboxProcess& operator=(const SandboxProcess&) = delete;

    const std::string& url() const { return url_; }
    // The environment that points agoras at this sandbox (storage dir and callback port included).
    ProcessOptions agoras_env(const std::string& storage_dir) const;

    // POST /_sandbox/<path> with form parameters, e.g. control("faults", "rate_limit_next=2").
    void control(const std::string& path, const std::string& form) const;
    // GET /_sandbox/state as JSON text.
    std::string state() const;
    // GET /_sandbox/<path> as text (e.g. "bluesky/state").
    std::string get(const std::string& path) const;
    // Serves `bytes` at <url>/web<path> with `content_type` (the sandbox's web module).
    void serve(const std::string& path, const std::string& content_type, const std::string& bytes, int status = 200) const;

    static constexpr const char* kAppId = "1234567890";
    static constexpr const char* kAppSecret = "sandbox-app-secret";

private:
    pid_t pid_ = -1;
    std::string url_;
    std::map<std::string, std::string> environment_;  // what points agoras at it, from its banner
    int callback_port_ = 0;
};

}  // namespace agoras::test
