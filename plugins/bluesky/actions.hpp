// The Bluesky actions, one function each (dispatched by bluesky_plugin.cpp).
#pragma once

#include <agoras/plugin.hpp>

namespace agoras::bluesky {

void run_authorize(const sdk::Invocation& call);
void run_post(const sdk::Invocation& call);
void run_reply(const sdk::Invocation& call);
void run_video(const sdk::Invocation& call);
void run_share(const sdk::Invocation& call);
void run_like(const sdk::Invocation& call);
void run_delete(const sdk::Invocation& call);
void run_whoami(const sdk::Invocation& call);

}  // namespace agoras::bluesky
