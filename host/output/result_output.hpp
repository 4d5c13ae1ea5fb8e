// Where results go: JSON objects, one per line on stdout, written exactly as the plugin produced them
// (redaction is for logs and messages, never for results). Progress is log/progress.hpp's.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace agoras::host::output {

// Called first thing in main: a closed stdin, stdout or stderr is occupied (stdout by /dev/full, so
// that writing a result fails visibly), so that no file opened later (the vault!) can become
// descriptor 1 and receive results.
void guard_standard_streams();

// How results are printed: JSON lines, or one readable line each (permalink last, dates in ISO 8601
// local time). automatic: readable when stdout is a terminal, JSON otherwise (scripts, pipes, files).
enum class Format { automatic, json, text };
void set_format(Format format);
// Whether the user asked for JSON (--json, --format json): commands whose own output is plain text
// (config list, utils tokens list) print JSON lines then.
bool json_requested();
// Whether results are printed as readable text (a terminal, or --format text), not JSON lines.
bool results_as_text();
// The width of the terminal on stdout (COLUMNS, else the terminal's own), 80 when it cannot be told.
std::size_t terminal_width();

// A time as people read it: ISO 8601 in the local time zone ("2026-12-02T10:00:00+01:00").
std::string local_iso8601(std::int64_t unix_seconds);
// Whether a number named `name` is a time: *_at, date or expires, in a plausible range of Unix seconds.
bool is_date_name(const std::string& name, std::int64_t value);

// One result object as a readable line: "id 1789…  deleted true  url https://…".
std::string human_line(std::string_view json);

// How each result is shaped before it is printed, set once before any result (--json FIELDS, --jq EXPR): only
// the fields named, in that order (null where a result has none); or through a filter that turns one JSON
// object into lines (false with a reason when it fails on it). Either way the output is JSON, not text.
void select_fields(std::vector<std::string> fields);
using ResultFilter = std::function<bool(const std::string& json, std::vector<std::string>& lines, std::string& error)>;
void set_result_filter(ResultFilter filter);

// Prints one result object as one line on stdout. Throws StatusError when `json` is not an object.
// When stdout cannot take it (a full disk, a closed pipe), or the filter fails on it, the line goes to stderr
// instead, so a published post's id is never lost, and the command's exit code becomes non-zero (finish_stdout).
void emit_result(std::string_view json);

// For commands that only read (lists, status): a reader that closes the pipe early (`| head`) ends the
// output quietly, exit 0. Results of commands that publish are still rescued on stderr instead, since a
// lost id would be a post nobody can find.
void results_are_read_only();
// Flushes stdout (results printed through std::cout too). Returns false, having said so on stderr,
// when any result could not be written.
bool finish_stdout();

}  // namespace agoras::host::output
