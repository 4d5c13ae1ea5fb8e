// Ctrl-C: agoras exits 130 at once, and first says what it leaves half done (the last checkpoint a
// plugin recorded, such as a Threads container created but not yet published), so that a person knows
// what to check. The message is prepared in normal code; the handler only writes it.
#pragma once

#include <termios.h>

#include <string>

namespace agoras::host::core {

void install_interrupt_handler();

// The publish in progress: `checkpoint` is the plugin's last record of how far it got (JSON).
void note_checkpoint(const std::string& platform, const std::string& checkpoint);

// Terminal settings to put back if Ctrl-C comes while they are changed (echo off at a secret prompt);
// nullptr when nothing is to be restored.
void restore_terminal_on_interrupt(const termios* saved);

}  // namespace agoras::host::core
