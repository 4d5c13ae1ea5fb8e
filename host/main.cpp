#include "cli/dispatcher.hpp"

int main(int argc, char** argv) { return agoras::host::cli::run(argc, argv); }
