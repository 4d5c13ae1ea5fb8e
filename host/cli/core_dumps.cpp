#include "cli/core_dumps.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace agoras::host::cli {

void forbid_core_dumps() {
    const rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

}  // namespace agoras::host::cli
