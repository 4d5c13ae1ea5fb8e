#include "support/sandbox_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

namespace agoras::test {

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
    const auto start = line.find("http://");
    if (start == std::string::npos) throw std::runtime_error("agoras-sandbox did not start: " + line);
    url_ = line.substr(start, line.find('"', start) - start);
    callback_port_ = free_port();
}

SandboxProcess::~SandboxProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

ProcessOptions SandboxProcess::agoras_env(const std::string& storage_dir) const {
    ProcessOptions options;
    options.set_env["AGORAS_THREADS_GRAPH_URL"] = url_;
    options.set_env["AGORAS_THREADS_AUTHORIZE_URL"] = url_ + "/oauth/authorize";
    options.set_env["AGORAS_TELEGRAM_API_URL"] = url_;
    options.set_env["AGORAS_DISCORD_API_URL"] = url_ + "/api/v10";
    options.set_env["AGORAS_FACEBOOK_GRAPH_URL"] = url_ + "/facebook";
    options.set_env["AGORAS_FACEBOOK_AUTHORIZE_URL"] = url_ + "/facebook/dialog/oauth";
    options.set_env["AGORAS_OAUTH_PORT"] = std::to_string(callback_port_);
    options.set_env["AGORAS_STORAGE_DIR"] = storage_dir;
    options.set_env["AGORAS_SLEEP_SCALE"] = "0.001";
    // The scripted browser: follows the consent page's redirect to the HTTPS callback.
    options.set_env["BROWSER"] = "curl -sk -L -o /dev/null";
    options.unset_env = {"AGORAS_PLUGIN_PATH", "AGORAS_VAULT_KEY", "THREADS_APP_ID", "THREADS_APP_SECRET",
                         "THREADS_REFRESH_TOKEN", "THREADS_USER_ID", "STATUS_TEXT", "STATUS_LINK", "AGORAS_NOW",
                         "BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD", "BLUESKY_SERVICE",
                         "TELEGRAM_BOT_TOKEN", "TELEGRAM_CHAT_ID", "TELEGRAM_PARSE_MODE", "TELEGRAM_MESSAGE_ID",
                         "VIDEO_URL", "VIDEO_TITLE", "DISCORD_WEBHOOK_URL", "DISCORD_BOT_TOKEN", "DISCORD_SERVER_NAME",
                         "DISCORD_CHANNEL_NAME", "DISCORD_POST_ID", "DISCORD_VIDEO_URL", "DISCORD_VIDEO_TITLE",
                         "MASTODON_INSTANCE", "MASTODON_ACCESS_TOKEN", "FACEBOOK_OBJECT_ID", "FACEBOOK_CLIENT_ID",
                         "FACEBOOK_CLIENT_SECRET", "FACEBOOK_REFRESH_TOKEN", "FACEBOOK_APP_ID", "FACEBOOK_POST_ID",
                         "FACEBOOK_PROFILE_ID", "FACEBOOK_VIDEO_URL", "FACEBOOK_VIDEO_TITLE", "FACEBOOK_VIDEO_DESCRIPTION",
                         "INSTAGRAM_OBJECT_ID", "INSTAGRAM_CLIENT_ID", "INSTAGRAM_CLIENT_SECRET", "INSTAGRAM_REFRESH_TOKEN",
                         "INSTAGRAM_VIDEO_URL", "INSTAGRAM_VIDEO_CAPTION", "INSTAGRAM_VIDEO_TYPE"};
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
                                "--data-binary", "@-", url_ + "/_sandbox/web?path=" + path + "&content_type=" +
                                content_type + "&status=" + std::to_string(status)},
                               options);
    if (r.exit_code != 0) throw std::runtime_error("sandbox web " + path + " failed: " + r.err);
}


}  // namespace agoras::test
