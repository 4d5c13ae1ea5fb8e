// agoras-sandbox: one local server for every platform module (docs/sandbox.md), for tests and for
// rehearsing scripts without touching the real services. The modules come from their own files
// (module_table()); this file only reads the command line.
#include "server.hpp"

#include <iostream>

namespace {

std::string help_text() {
    std::string text =
        "Usage: agoras-sandbox [--port N] [--app-id ID] [--app-secret SECRET]\n\n"
        "Serves in-memory stand-ins for the platforms agoras publishes to on http://127.0.0.1:N (a free port\n"
        "when N is not given) until SIGINT or SIGTERM, and prints one JSON line with its URL, and the variables\n"
        "that point agoras at it (\"environment\"), on stdout.\n\n"
        "Modules:\n";
    for (const auto& module : agoras::sandbox::module_table()) {
        std::string help = module.help;
        for (auto at = help.find('\n'); at != std::string::npos; at = help.find('\n', at + 1)) help.insert(at + 1, 12, ' ');
        text += "  " + module.name + std::string(module.name.size() < 10 ? 10 - module.name.size() : 1, ' ') + help + "\n";
    }
    return text +
           "\nOptions:\n"
           "  --port N          port to listen on\n"
           "  --app-id ID       Threads app id (default 1234567890)\n"
           "  --app-secret S    Threads app secret (default sandbox-app-secret)\n"
           "  -h, --help        show this help\n";
}

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    agoras::sandbox::SandboxOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "-h" || flag == "--help") {
            std::cout << help_text();
            return 0;
        }
        if (i + 1 >= argc) {
            std::cerr << "agoras-sandbox: " << flag << " needs a value\n" << help_text();
            return 2;
        }
        const std::string value = argv[++i];
        try {
            if (flag == "--port") port = std::stoi(value);
            else if (flag == "--app-id") options.app_id = value;
            else if (flag == "--app-secret") options.app_secret = value;
            else throw std::invalid_argument(flag);
        } catch (const std::exception&) {
            std::cerr << "agoras-sandbox: bad option " << flag << "\n" << help_text();
            return 2;
        }
    }
    return agoras::sandbox::serve(options, port);
}
