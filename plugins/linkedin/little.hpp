// LinkedIn's "little" text format, which the Posts API reads `commentary` as: \ | { } @ [ ] ( ) < > # * _ ~
// are markup, and LinkedIn silently ends the visible post at the first one left unescaped. Every one is
// written \c, so the text arrives exactly as given (a #tag stays readable text, an @name no mention).
#pragma once

#include <string>

namespace agoras::linkedin {

std::string escape_little(const std::string& text);

}  // namespace agoras::linkedin
