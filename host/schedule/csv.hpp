// CSV as RFC 4180 has it (quoted fields with commas, quotes and line breaks; CRLF, LF or CR), for the schedule
// file of `agoras utils schedule-run`, read a row at a time so that a schedule of any size is never held whole.
// Each row's bytes are kept as they were, so that a write-back copies the rows it does not change untouched.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace agoras::host::schedule {

using CsvRow = std::vector<std::string>;

class CsvReader {
public:
    // Rows longer than this are refused: a schedule's row is a post.
    static constexpr std::size_t kMaxRowBytes = 1 << 20;

    explicit CsvReader(std::istream& in) : in_(*in.rdbuf()) {}
    // The next row into `row`; false at the end. Throws StatusError(AGORAS_ERR_USAGE) naming the line of a
    // quote never closed or of a row over kMaxRowBytes.
    bool next(CsvRow& row);
    // The last row's bytes as the file has them, its line break (if it had one) included.
    const std::string& raw() const { return raw_; }

private:
    std::streambuf& in_;
    std::string raw_;
    std::size_t line_ = 1;
};

// One row as CSV, without a line break: fields quoted only when they must be (a comma, a quote, a line break,
// or a space at either end).
std::string format_csv_row(const CsvRow& row);

// The line break that ends `raw` ("\r\n", "\n", "\r", or "" for a last line without one).
std::string line_break_of(const std::string& raw);

}  // namespace agoras::host::schedule
