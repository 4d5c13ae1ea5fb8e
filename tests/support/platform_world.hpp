// One platform's integration-test world: a sandbox and a storage directory of its own, the real agoras
// run against them, and the platform's sandbox module's controls (faults, state).
#pragma once

#include "support/images.hpp"
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"

#include <agoras/json.hpp>

#include <string>
#include <vector>

namespace agoras::test {

struct PlatformWorld {
    explicit PlatformWorld(const std::string& sandbox_module) : module(sandbox_module), dir(sandbox_module + "-it") {}

    std::string module;  // the sandbox module's name: /_sandbox/<module>/...
    SandboxProcess sandbox;
    TempDir dir;

    ProcessOptions env() const { return sandbox.agoras_env((dir.path() / "store").string()); }
    ProcessResult agoras(const std::vector<std::string>& args, const ProcessOptions& options) const { return run_agoras(args, options); }
    ProcessResult agoras(const std::vector<std::string>& args) const { return agoras(args, env()); }
    Json state() const { return Json::parse(sandbox.get(module + "/state")); }
    void fault(const std::string& form) const { sandbox.control(module + "/faults", form); }
    // `bytes` written to a file of the world's directory; its path.
    std::string file(const std::string& name, const std::string& bytes) const {
        const std::string path = (dir.path() / name).string();
        write_file(path, bytes);
        return path;
    }
    // A sparse MP4 of `size` bytes in the world's directory; its path.
    std::string video(const std::string& name, std::uint64_t size) const { return write_sparse_mp4((dir.path() / name).string(), size); }
};

}  // namespace agoras::test
