// CSV as RFC 4180 has it (quoted fields with commas, quotes and line breaks; CRLF or LF), for the
// schedule file of `agoras utils schedule-run`: read whole, written back whole to a new file renamed
// over the old one, so that a reader never sees half a file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace agoras::host::schedule {

struct CsvTable {
    std::vector<std::vector<std::string>> rows;
    std::string line_ending = "\n";  // as the file had it
};

// Throws StatusError(AGORAS_ERR_USAGE) naming the line for an unterminated quote.
CsvTable parse_csv(const std::string& text);
std::string format_csv(const CsvTable& table);

// Writes `table` to a temporary file next to `path` (same permissions), flushed, then renamed over it.
void replace_csv_file(const std::filesystem::path& path, const CsvTable& table);

}  // namespace agoras::host::schedule
