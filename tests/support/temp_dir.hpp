// A fresh directory under $TMPDIR (or /tmp), removed with everything in it when the object dies.
#pragma once

#include <filesystem>
#include <string>

namespace agoras::test {

class TempDir {
public:
    explicit TempDir(const std::string& prefix = "agoras-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace agoras::test
