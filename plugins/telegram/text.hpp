// A Telegram message's text: the parse mode, the link on a line of its own, stray HTML escaped, and
// the length as Telegram counts it (telegram.hpp's visible_length).
#pragma once

#include <agoras/plugin.hpp>
#include <agoras/sdk/url.hpp>

#include <string>

namespace agoras::telegram {

// --parse-mode (or the post's "parse-mode" extra): HTML, MarkdownV2, Markdown or none; else a usage error.
std::string parse_mode_of(const sdk::Invocation& call, const sdk::Post* post = nullptr);
void add_parse_mode(sdk::Params& params, const std::string& mode);
// The text and the link as one message, stray HTML escaped for parse mode HTML.
std::string join_text_and_link(const sdk::Post& post, const std::string& mode);

}  // namespace agoras::telegram
