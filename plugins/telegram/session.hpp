// Which bot and chat a Telegram action uses: the options, else the vault's chat (the default, or the one
// `post --to telegram:CHAT` names); and `authorize`, which checks both and stores them.
#pragma once

#include <agoras/plugin.hpp>

#include <string>

namespace agoras::telegram {

[[noreturn]] void refuse(const std::string& message);

struct Account {
    std::string token, chat_id, chat_username;
};

// A chat's vault identifier: its id, with "chat" before a negative one (identifiers start with no '-').
std::string identifier_of(const std::string& chat_id);

// --bot-token/TELEGRAM_BOT_TOKEN and --chat-id/TELEGRAM_CHAT_ID, else the vault's chat. Throws
// sdk::Error(AGORAS_ERR_AUTH) when there is none (but for a dry run). No network call.
Account account_of(const sdk::Invocation& call);

// A message's URL: public chats by username, private supergroups and channels by their id; "" else.
std::string message_url(const Account& a, const std::string& message_id);

}  // namespace agoras::telegram
