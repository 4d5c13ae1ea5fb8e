#include "cli/editor.hpp"

#include "status_error.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace agoras::host::cli {
namespace {

// A directory only this user can enter, removed with what it holds when the text has been read.
class PrivateDirectory {
public:
    PrivateDirectory() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/agoras-edit-XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr) {
            throw StatusError(AGORAS_ERR_GENERIC, "--edit: cannot create a temporary directory in " + pattern);
        }
        path_ = pattern;
    }
    ~PrivateDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    PrivateDirectory(const PrivateDirectory&) = delete;
    PrivateDirectory& operator=(const PrivateDirectory&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

int run_editor(const std::string& editor, const std::string& file) {
    const pid_t child = fork();
    if (child < 0) throw StatusError(AGORAS_ERR_GENERIC, "--edit: cannot start the editor");
    if (child == 0) {
        execl("/bin/sh", "sh", "-c", (editor + " \"$1\"").c_str(), "sh", file.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) throw StatusError(AGORAS_ERR_GENERIC, "--edit: lost the editor");
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::string editor_command() {
    for (const char* name : {"VISUAL", "EDITOR"}) {
        const char* value = std::getenv(name);
        if (value != nullptr && *value != '\0') return value;
    }
    return "vi";
}

std::string compose_in_editor(const std::string& initial, std::size_t max_bytes) {
    const PrivateDirectory directory;
    const std::string file = (directory.path() / "agoras-post.txt").string();
    {
        std::ofstream out(file, std::ios::binary);
        out << initial << (initial.empty() ? "" : "\n");
        if (!out) throw StatusError(AGORAS_ERR_GENERIC, "--edit: cannot write " + file);
    }
    const std::string editor = editor_command();
    const int status = run_editor(editor, file);
    if (status != 0) {
        throw StatusError(AGORAS_ERR_GENERIC, "--edit: the editor (" + editor + ") exited with " + std::to_string(status) +
                                                  "; nothing was sent");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw StatusError(AGORAS_ERR_GENERIC, "--edit: the editor left no file to read");
    std::string text;
    text.resize(max_bytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) throw usage_error("--edit: the text is over " + std::to_string(max_bytes) + " bytes");
    return text;
}

}  // namespace agoras::host::cli
