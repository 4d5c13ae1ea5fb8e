#include "schedule/csv.hpp"

#include "core/replace_file.hpp"
#include "status_error.hpp"

namespace agoras::host::schedule {

CsvTable parse_csv(const std::string& text) {
    CsvTable table;
    if (text.find("\r\n") != std::string::npos) table.line_ending = "\r\n";
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, field_started = false;
    std::size_t line = 1;
    const auto end_row = [&] {
        row.push_back(field);
        table.rows.push_back(std::move(row));
        row.clear();
        field.clear();
        field_started = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
        } else if (c == '"' && !field_started) {
            quoted = field_started = true;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
            field_started = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            end_row();
            ++line;
        } else {
            field += c;
            field_started = true;
        }
    }
    if (quoted) throw usage_error("the schedule file has a quote that is never closed (from line " + std::to_string(line) + ")");
    if (field_started || !row.empty()) end_row();
    return table;
}

std::string format_csv(const CsvTable& table) {
    std::string out;
    for (const auto& row : table.rows) {
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
        out += table.line_ending;
    }
    return out;
}

void replace_csv_file(const std::filesystem::path& path, const CsvTable& table) { core::replace_file(path, format_csv(table)); }

}  // namespace agoras::host::schedule
