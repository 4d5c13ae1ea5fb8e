// Where a schedule's rows come from and where each row's state goes: a CSV file, or a Google Sheets
// worksheet read and written with a service account.
#pragma once

#include "schedule/rows.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace agoras::host::schedule {

class Source {
public:
    virtual ~Source() = default;
    virtual std::string id() const = 0;  // part of every row's journal key
    // The id an older agoras gave this schedule ("" when the same), so rows it published are not published again.
    virtual std::string legacy_id() const { return ""; }
    // Hands over the rows one at a time, with their index (a large schedule is never held whole).
    virtual void read_rows(const std::function<void(std::size_t index, Row&& row)>& each) = 0;
    // Writes `state` into column I of the row read at `index` as `row` (a file may have changed since).
    virtual void mark(std::size_t index, const Row& row, const std::string& state) = 0;
};

// What the command line names: a file, or a worksheet and the service account that may use it.
struct SourceOptions {
    std::string file;
    std::string sheets_id, sheets_name, client_email, private_key;  // the key may hold literal \n
};

// Throws a usage error unless exactly one source is named completely; StatusError when it cannot be read.
std::unique_ptr<Source> open_source(const SourceOptions& options);

}  // namespace agoras::host::schedule
