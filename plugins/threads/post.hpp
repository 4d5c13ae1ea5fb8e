// Threads posts as data (agoras.publish/1): what Threads can take, checked before any request, and
// publishing it as a TEXT, IMAGE, VIDEO or CAROUSEL container. The `post`, `reply` and `video`
// actions build a Post from their options and run through the same two functions.
#pragma once

#include <agoras/plugin.hpp>

namespace agoras::threads {

// What Threads can publish, as declared to the host.
sdk::Capabilities threads_capabilities();

// Checks `post` (length in code points, media count, kinds and URLs, alt texts, reply control) and
// returns what would be sent. Throws sdk::Error(AGORAS_ERR_USAGE) naming what Threads cannot take.
Json validate_post(const sdk::Post& post);

// Publishes `post` and emits {"id", "url"} (plus "reply_to" for a reply). Checkpoints the container
// that gets published, before publishing it.
void publish_post(const sdk::Invocation& call, const sdk::Post& post);

// After an interrupted publish: whether the checkpointed container was published.
Json reconcile_post(const sdk::Invocation& call, const sdk::Post& post, const Json& checkpoint);

}  // namespace agoras::threads
