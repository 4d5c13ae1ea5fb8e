// The WhatsApp plugin: messages to opted-in recipients through the Cloud API. Its account, its
// actions, and the message publisher that post, video, template and `agoras post --to` share.
#pragma once

#include "api.hpp"

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/post.hpp>

#include <string>
#include <vector>

namespace agoras::whatsapp {

constexpr std::size_t kMaxText = 4096, kMaxCaption = 1024;

struct Account {
    std::string token, phone_number_id, business_account_id;
};

// --access-token/WHATSAPP_ACCESS_TOKEN with --phone-number-id/WHATSAPP_PHONE_NUMBER_ID, else the vault's
// default. Throws sdk::Error(AGORAS_ERR_AUTH) when there is none (but for a dry run).
Account account_of(const sdk::Invocation& call);

// The recipients of --recipient (E.164: digits with the country code, a leading + accepted, commas
// between several), without the +, each once. Throws a usage error naming a bad one, or when none.
std::vector<std::string> recipients_of(const std::string& given);

sdk::Capabilities whatsapp_capabilities();
Json validate_post(const sdk::Invocation& call, const sdk::Post& post);
void publish_post(const sdk::Invocation& call, const sdk::Post& post);

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_template(const sdk::Invocation& call);

}  // namespace agoras::whatsapp
