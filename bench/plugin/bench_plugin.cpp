// A small, valid plugin for the plugin-scale benchmark. Its id and platform are taken from its own file
// name, so one build copied to bench_001.so … bench_100.so gives 100 distinct plugins.
#include <agoras/plugin.hpp>

#include <dlfcn.h>

#include <string>

namespace {
using namespace agoras::sdk;

std::string own_name() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&own_name), &info) == 0 || info.dli_fname == nullptr) return "bench";
    std::string path = info.dli_fname;
    path = path.substr(path.find_last_of('/') + 1);
    return path.substr(0, path.find('.'));
}

class BenchPlugin : public Plugin {
public:
    using Plugin::Plugin;
    void run(const Invocation& call) override { host().emit(agoras::JsonObject().add("echo", call.require("text"))); }
};

PluginSpec bench_spec() {
    const std::string name = own_name();
    return PluginSpec(name, "Benchmark plugin " + name, "1.0.0")
        .platform(Platform(name, "does nothing useful")
                      .action(Action("echo", "echo the text").option(Option::string("text").required().help("text"))));
}

}  // namespace

AGORAS_PLUGIN(bench_spec, BenchPlugin)
