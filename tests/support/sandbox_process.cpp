#include "support/sandbox_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <agoras/json.hpp>
#include <agoras/sdk/url.hpp>

#include <random>
#include <sstream>
#include <stdexcept>

namespace agoras::test {

using agoras::Json;

int free_port() {
    std::random_device random;
    for (;;) {
        const int port = 20000 + static_cast<int>(random() % 12000);
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool free = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        close(fd);
        if (free) return port;
    }
}

SandboxProcess::SandboxProcess() {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        execl(AGORAS_SANDBOX_BINARY, AGORAS_SANDBOX_BINARY, static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    std::string line;
    pollfd fd{out[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos && poll(&fd, 1, 10'000) > 0) {
        char buffer[512];
        const ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;
        line.append(buffer, static_cast<std::size_t>(n));
    }
    close(out[0]);
    const Json banner = line.find('\n') == std::string::npos ? Json() : Json::parse(line.substr(0, line.find('\n')));
    url_ = banner["url"].text();
    if (url_.rfind("http://", 0) != 0) throw std::runtime_error("agoras-sandbox did not start: " + line);
    for (const auto& [variable, value] : banner["environment"].members()) environment_[variable] = value.text();
    callback_port_ = free_port();
}

SandboxProcess::~SandboxProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

// Every variable a plugin declares (settings and option fallbacks), as `agoras help environment`
// lists them: a test must not inherit a credential from the shell that runs it.
const std::vector<std::string>& plugin_variables() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> found;
        const std::string listing = run_agoras({"help", "environment"}).out;
        const auto plugins = listing.find("Environment variables of the plugins");
        std::istringstream lines(plugins == std::string::npos ? "" : listing.substr(plugins));
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind("  ", 0) == 0) found.push_back(line.substr(2, line.find(' ', 2) - 2));
        }
        if (found.size() < 20) throw std::runtime_error("agoras help environment lists no plugin variables: " + listing);
        return found;
    }();
    return names;
}

ProcessOptions SandboxProcess::agoras_env(const std::string& storage_dir) const {
    ProcessOptions options;
    options.unset_env = plugin_variables();
    options.unset_env.insert(options.unset_env.end(), {"AGORAS_PLUGIN_PATH", "AGORAS_VAULT_KEY", "AGORAS_NOW",
                                                        "AGORAS_OAUTH_TIMEOUT"});
    for (const auto& [variable, value] : environment_) options.set_env[variable] = value;
    options.set_env["AGORAS_OAUTH_PORT"] = std::to_string(callback_port_);
    options.set_env["AGORAS_STORAGE_DIR"] = storage_dir;
    options.set_env["AGORAS_SLEEP_SCALE"] = "0.001";
    // The scripted browser: follows the consent page's redirect to the HTTPS callback.
    options.set_env["BROWSER"] = "curl -sk -L -o /dev/null";
    return options;
}

void SandboxProcess::control(const std::string& path, const std::string& form) const {
    const auto r = run_process({"/usr/bin/curl", "-sf", "-X", "POST", "--data", form, url_ + "/_sandbox/" + path});
    if (r.exit_code != 0) throw std::runtime_error("sandbox control " + path + " failed: " + r.err);
}

std::string SandboxProcess::state() const {
    return run_process({"/usr/bin/curl", "-sf", url_ + "/_sandbox/state"}).out;
}

std::string SandboxProcess::get(const std::string& path) const {
    return run_process({"/usr/bin/curl", "-sf", url_ + "/_sandbox/" + path}).out;
}

void SandboxProcess::serve(const std::string& path, const std::string& content_type, const std::string& bytes,
                           int status) const {
    ProcessOptions options;
    options.stdin_data = bytes;
    const auto r = run_process({"/usr/bin/curl", "-sf", "-X", "POST", "-H", "Content-Type: application/octet-stream",
                                "--data-binary", "@-", url_ + "/_sandbox/web?path=" + agoras::sdk::percent_encode(path) +
                                "&content_type=" + agoras::sdk::percent_encode(content_type) + "&status=" + std::to_string(status)},
                               options);
    if (r.exit_code != 0) throw std::runtime_error("sandbox web " + path + " failed: " + r.err);
}


}  // namespace agoras::test
