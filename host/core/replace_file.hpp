// A file replaced whole without a reader ever seeing half of it: the new text goes to a fresh file next to it
// (created exclusively under a name nobody can guess, so never someone else's file or link), flushed, then
// renamed over the old one. The schedule's CSV, config.toml, the caches are written so.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace agoras::host::core {

// `mode`: the new file's permissions; unset, the old file's (0644 for a file that did not exist). Throws
// StatusError(AGORAS_ERR_GENERIC) naming `path` and the reason; the temporary file is then removed.
void replace_file(const std::filesystem::path& path, const std::string& text, std::optional<unsigned> mode = std::nullopt);

// The same, for a text too large to hold: `write_text` hands it over piece by piece through the function it is
// given. Whatever `write_text` throws leaves the old file as it was, and is thrown on.
using PutText = std::function<void(std::string_view)>;
void replace_file_with(const std::filesystem::path& path, const std::function<void(const PutText&)>& write_text,
                       std::optional<unsigned> mode = std::nullopt);

}  // namespace agoras::host::core
