// The schedule's CSV (host/schedule/csv.cpp): a table or a refusal naming the line; written back, it
// reads as the same table.
#include "schedule/csv.hpp"
#include "status_error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace agoras::host::schedule;
    try {
        const CsvTable table = parse_csv(std::string(reinterpret_cast<const char*>(data), size));
        if (parse_csv(format_csv(table)).rows != table.rows) std::abort();  // the round trip loses nothing
    } catch (const agoras::host::StatusError&) {
    }
    return 0;
}
