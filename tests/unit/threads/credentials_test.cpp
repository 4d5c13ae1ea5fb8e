#include "credentials.hpp"

#include <catch2/catch.hpp>

using namespace agoras::threads;

TEST_CASE("threads refresh policy: a day old, once a day, never when expired", "[threads]") {
    const std::int64_t now = 1'800'000'000;
    Credentials unknown_age;
    CHECK(decide_refresh(now, unknown_age) == RefreshDecision::refresh);

    Credentials fresh;
    fresh.issued_at = now - 3600;
    fresh.expires_at = now + 59 * kDay;
    CHECK(decide_refresh(now, fresh) == RefreshDecision::too_new);

    Credentials old = fresh;
    old.issued_at = now - 2 * kDay;
    CHECK(decide_refresh(now, old) == RefreshDecision::refresh);
    old.last_refresh_at = now - 3600;
    CHECK(decide_refresh(now, old) == RefreshDecision::recently_tried);
    old.last_refresh_at = now - kDay - 1;
    CHECK(decide_refresh(now, old) == RefreshDecision::refresh);

    Credentials expired = old;
    expired.expires_at = now - 1;
    CHECK(decide_refresh(now, expired) == RefreshDecision::expired);
}

TEST_CASE("threads records: the vault JSON round-trips and reads the original's numeric user_id", "[threads]") {
    Credentials c;
    c.app_id = "1";
    c.app_secret = "s";
    c.token = "T";
    c.user_id = "17841405793187218";
    c.issued_at = 10;
    c.expires_at = 20;
    const auto back = from_record(agoras::Json::parse(to_record(c).serialize()), "default");
    CHECK(back.token == "T");
    CHECK(back.user_id == "17841405793187218");
    CHECK(back.expires_at == std::optional<std::int64_t>(20));
    CHECK_FALSE(back.last_refresh_at);
    CHECK(back.vault_identifier == "default");

    const auto legacy = from_record(
        agoras::Json::parse(R"({"app_id": "1", "app_secret": "s", "refresh_token": "T", "user_id": 17841405793187218})"),
        "default");
    CHECK(legacy.user_id == "17841405793187218");
    CHECK_FALSE(legacy.issued_at);
}
