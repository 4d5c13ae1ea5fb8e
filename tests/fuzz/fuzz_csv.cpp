// The schedule's CSV (host/schedule/csv.cpp): rows or a refusal naming the line; the rows' bytes as read are
// the input, whole; each row written back reads as the same row.
#include "schedule/csv.hpp"
#include "status_error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace agoras::host::schedule;
    const std::string input(reinterpret_cast<const char*>(data), size);
    try {
        std::istringstream in(input);
        CsvReader reader(in);
        CsvRow row;
        std::string raw;
        while (reader.next(row)) {
            raw += reader.raw();
            const std::string line_break = line_break_of(reader.raw());
            std::istringstream again(format_csv_row(row) + (line_break.empty() ? "\n" : line_break));
            CsvReader second(again);
            CsvRow same;
            if (!second.next(same) || same != row) std::abort();  // the round trip loses nothing
        }
        if (raw != input) std::abort();  // every byte belongs to a row
    } catch (const agoras::host::StatusError&) {
    }
    return 0;
}
