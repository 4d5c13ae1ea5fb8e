#include "module.hpp"

#include <algorithm>

namespace agoras::sandbox {
namespace {

// Filled during static initialisation, by each module's file; a function-local static so that the
// order in which files initialise does not matter.
std::vector<ModuleEntry>& entries() {
    static std::vector<ModuleEntry> table;
    return table;
}

}  // namespace

ModuleRegistration::ModuleRegistration(ModuleEntry entry) { entries().push_back(std::move(entry)); }

std::vector<ModuleEntry> module_table() {
    std::vector<ModuleEntry> table = entries();
    std::sort(table.begin(), table.end(), [](const ModuleEntry& a, const ModuleEntry& b) {
        return a.owns_root != b.owns_root ? b.owns_root : a.name < b.name;
    });
    return table;
}

}  // namespace agoras::sandbox
