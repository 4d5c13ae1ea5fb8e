#include "schedule/csv.hpp"

#include "status_error.hpp"

namespace agoras::host::schedule {

bool CsvReader::next(CsvRow& row) {
    row.clear();
    raw_.clear();
    std::string field;
    bool quoted = false, field_started = false;
    const std::size_t first_line = line_;
    for (;;) {
        if (raw_.size() > kMaxRowBytes) {
            throw usage_error("the schedule's row at line " + std::to_string(first_line) + " is longer than 1 MiB");
        }
        const auto got = in_.sbumpc();
        if (got == std::char_traits<char>::eof()) {
            if (quoted) {
                throw usage_error("the schedule file has a quote that is never closed (from line " + std::to_string(first_line) + ")");
            }
            if (!field_started && row.empty()) return false;
            row.push_back(std::move(field));
            return true;
        }
        const char c = std::char_traits<char>::to_char_type(got);
        raw_ += c;
        if (quoted) {
            if (c == '"' && in_.sgetc() == '"') {
                raw_ += static_cast<char>(in_.sbumpc());
                field += '"';
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line_;
                field += c;
            }
        } else if (c == '"' && !field_started) {
            quoted = field_started = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            field_started = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && in_.sgetc() == '\n') raw_ += static_cast<char>(in_.sbumpc());
            ++line_;
            row.push_back(std::move(field));
            return true;
        } else {
            field += c;
            field_started = true;
        }
    }
}

std::string format_csv_row(const CsvRow& row) {
    std::string out;
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0) out += ',';
        const std::string& f = row[i];
        if (f.find_first_of(",\"\r\n") == std::string::npos && (f.empty() || (f.front() != ' ' && f.back() != ' '))) {
            out += f;
            continue;
        }
        out += '"';
        for (char c : f) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += '"';
    }
    return out;
}

std::string line_break_of(const std::string& raw) {
    if (raw.size() >= 2 && raw.compare(raw.size() - 2, 2, "\r\n") == 0) return "\r\n";
    if (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) return std::string(1, raw.back());
    return "";
}

}  // namespace agoras::host::schedule
