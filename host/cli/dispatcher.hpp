// The command boundary: argv in, exit code out. Every exception ends here as a message on stderr
// and a documented exit code.
#pragma once

namespace agoras::host::cli {

int run(int argc, char** argv);

}  // namespace agoras::host::cli
