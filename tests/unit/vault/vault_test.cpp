#include "vault/vault.hpp"

#include "status_error.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace agoras::host;
using namespace agoras::host::vault;
namespace fs = std::filesystem;

namespace {

Fields sample_fields(const std::string& token) {
    return {{"app_id", {"123", true}}, {"refresh_token", {token, true}}, {"user_id", {"17841405793187218", false}}};
}

unsigned mode_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The status of the StatusError that `body` throws, or 0.
template <typename Body>
int status_of(Body&& body) {
    try {
        body();
    } catch (const StatusError& e) {
        return e.status();
    }
    return 0;
}

struct Fixture {
    Fixture() { unsetenv("AGORAS_VAULT_KEY"); }
    agoras::test::TempDir dir{"vault"};
    StoragePaths paths = storage_paths_for(dir.path() / "store");
};

}  // namespace

TEST_CASE_METHOD(Fixture, "vault: records round-trip and list in order", "[vault]") {
    Vault vault(paths);
    vault.put("threads", "default", sample_fields("tok-1"), 1900000000);
    vault.put("threads", "123", sample_fields("tok-2"));
    vault.put("alpha", "z", {{"k", {"v", true}}});

    const auto record = vault.get("threads", "default");
    REQUIRE(record);
    CHECK(to_json(record->fields) == to_json(sample_fields("tok-1")));
    CHECK(record->info.expires_at == std::optional<std::int64_t>(1900000000));
    CHECK(record->info.created_at > 0);
    CHECK_FALSE(vault.get("threads", "nobody"));

    const auto all = vault.list();
    REQUIRE(all.size() == 3);
    CHECK(all[0].platform == "alpha");
    CHECK(all[1].identifier == "123");
    CHECK(all[2].identifier == "default");
    CHECK(vault.list(std::string("threads")).size() == 2);

    CHECK(vault.remove("threads", "123"));
    CHECK_FALSE(vault.remove("threads", "123"));
    CHECK(vault.list().size() == 2);

    Vault reopened(paths);  // a second process's view
    CHECK(reopened.get("threads", "default")->fields[1].second.text == "tok-1");
}

TEST_CASE_METHOD(Fixture, "vault: reading a missing vault creates nothing", "[vault]") {
    Vault vault(paths);
    CHECK(vault.list().empty());
    CHECK_FALSE(vault.get("threads", "default"));
    CHECK_FALSE(vault.remove("threads", "default"));
    CHECK_FALSE(fs::exists(paths.base));
}

TEST_CASE_METHOD(Fixture, "vault: files are private from birth", "[vault]") {
    ::umask(0);  // even with the most permissive umask
    Vault(paths).put("threads", "default", sample_fields("tok"));
    ::umask(022);
    CHECK(mode_of(paths.base) == 0700);
    CHECK(mode_of(paths.tokens_dir) == 0700);
    CHECK(mode_of(paths.key_file) == 0600);
    CHECK(mode_of(paths.database) == 0600);
    for (const auto& entry : fs::directory_iterator(paths.tokens_dir)) {
        INFO(entry.path());
        CHECK((mode_of(entry.path()) & 077) == 0);
    }
}

TEST_CASE_METHOD(Fixture, "vault: a key file or database others can read is refused", "[vault]") {
    Vault(paths).put("threads", "default", sample_fields("tok"));
    ::chmod(paths.key_file.c_str(), 0644);
    CHECK(status_of([&] { Vault(paths).get("threads", "default"); }) == AGORAS_ERR_STORAGE);
    ::chmod(paths.key_file.c_str(), 0600);
    ::chmod(paths.database.c_str(), 0660);
    try {
        Vault(paths).list();
        FAIL("no error");
    } catch (const StatusError& e) {
        CHECK(std::string(e.what()).find("chmod 600 " + paths.database.string()) != std::string::npos);
    }
    ::chmod(paths.database.c_str(), 0600);
    CHECK(Vault(paths).get("threads", "default"));
}

TEST_CASE_METHOD(Fixture, "vault: identifiers are validated", "[vault]") {
    Vault vault(paths);
    for (const char* bad : {"", "../x", "a/b", ".hidden", "-rf", "has space", "semi;colon"}) {
        INFO(bad);
        CHECK(status_of([&] { vault.put("threads", bad, sample_fields("t")); }) == AGORAS_ERR_USAGE);
    }
    CHECK(status_of([&] { vault.put("Threads!", "x", sample_fields("t")); }) == AGORAS_ERR_USAGE);
    CHECK(status_of([&] { vault.put("threads", std::string(129, 'a'), sample_fields("t")); }) == AGORAS_ERR_USAGE);
    CHECK(status_of([&] { vault.put("threads", "user@example.com", sample_fields("t")); }) == 0);
}

TEST_CASE_METHOD(Fixture, "vault: a wrong key is refused and nothing changes", "[vault]") {
    Vault(paths).put("threads", "default", sample_fields("tok"));
    const auto before = slurp(paths.database);
    setenv("AGORAS_VAULT_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 1);
    CHECK(status_of([&] { Vault(paths).get("threads", "default"); }) == AGORAS_ERR_STORAGE);
    CHECK(status_of([&] { Vault(paths).put("threads", "default", sample_fields("x")); }) == AGORAS_ERR_STORAGE);
    unsetenv("AGORAS_VAULT_KEY");
    CHECK(slurp(paths.database) == before);
    CHECK(Vault(paths).get("threads", "default")->fields[1].second.text == "tok");
}

TEST_CASE_METHOD(Fixture, "vault: a missing key is reported, never replaced", "[vault]") {
    Vault(paths).put("threads", "default", sample_fields("tok"));
    fs::rename(paths.key_file, dir.path() / "saved.key");
    CHECK(status_of([&] { Vault(paths).list(); }) == AGORAS_ERR_STORAGE);
    CHECK(status_of([&] { Vault(paths).put("threads", "other", sample_fields("x")); }) == AGORAS_ERR_STORAGE);
    CHECK_FALSE(fs::exists(paths.key_file));
    fs::rename(dir.path() / "saved.key", paths.key_file);
    CHECK(Vault(paths).list().size() == 1);
}

TEST_CASE_METHOD(Fixture, "vault: a key from AGORAS_VAULT_KEY needs no key file", "[vault]") {
    setenv("AGORAS_VAULT_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", 1);
    Vault(paths).put("threads", "default", sample_fields("tok"));
    CHECK_FALSE(fs::exists(paths.key_file));
    CHECK(Vault(paths).get("threads", "default"));
    setenv("AGORAS_VAULT_KEY", "too-short", 1);
    CHECK(status_of([&] { Vault(paths).list(); }) == AGORAS_ERR_STORAGE);
    unsetenv("AGORAS_VAULT_KEY");
}

TEST_CASE_METHOD(Fixture, "vault: garbage and truncated databases are reported and left untouched", "[vault]") {
    Vault(paths).put("threads", "default", sample_fields("tok"));
    Vault(paths).put("threads", "second", sample_fields(std::string(5000, 'x')));

    SECTION("garbage") {
        std::ofstream(paths.database, std::ios::binary | std::ios::trunc) << std::string(8192, '\x5a');
    }
    SECTION("truncated") {
        const auto content = slurp(paths.database);
        std::ofstream(paths.database, std::ios::binary | std::ios::trunc) << content.substr(0, content.size() / 2 + 100);
    }
    const auto before = slurp(paths.database);
    const auto files_before = std::distance(fs::directory_iterator(paths.tokens_dir), fs::directory_iterator());
    CHECK(status_of([&] {
              Vault vault(paths);
              vault.list();
              vault.get("threads", "second");
          }) == AGORAS_ERR_STORAGE);
    CHECK(status_of([&] { Vault(paths).put("threads", "new", sample_fields("x")); }) == AGORAS_ERR_STORAGE);
    CHECK(slurp(paths.database) == before);
    CHECK(std::distance(fs::directory_iterator(paths.tokens_dir), fs::directory_iterator()) == files_before);
}

TEST_CASE_METHOD(Fixture, "vault: a record altered or moved to another row fails its integrity check", "[vault]") {
    Vault(paths).put("threads", "a", sample_fields("token-a"));
    Vault(paths).put("threads", "b", sample_fields("token-b"));
    {
        SQLite::Database db(paths.database.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE records SET sealed_fields = (SELECT sealed_fields FROM records WHERE identifier = 'a') "
                "WHERE identifier = 'b'");
    }
    Vault vault(paths);
    CHECK(vault.get("threads", "a"));
    CHECK(status_of([&] { vault.get("threads", "b"); }) == AGORAS_ERR_STORAGE);
    CHECK(status_of([&] { vault.update("threads", "b", [](const auto&) { return Fields{}; }); }) == AGORAS_ERR_STORAGE);
    CHECK(vault.remove("threads", "b"));  // the way out the error message names
}

TEST_CASE_METHOD(Fixture, "vault: an aborted update writes nothing", "[vault]") {
    Vault vault(paths);
    vault.put("threads", "default", sample_fields("old"));
    CHECK_THROWS(vault.update("threads", "default", [](const auto&) -> std::optional<Fields> {
        throw StatusError(AGORAS_ERR_NETWORK, "refresh failed");
    }));
    CHECK(vault.get("threads", "default")->fields[1].second.text == "old");
    vault.update("threads", "default", [](const auto&) { return std::optional<Fields>(); });
    CHECK(vault.get("threads", "default")->fields[1].second.text == "old");
}

TEST_CASE_METHOD(Fixture, "vault: a schema version is recorded, and an unknown one is refused untouched", "[vault]") {
    Vault(paths).put("threads", "default", sample_fields("tok"));
    {
        SQLite::Database db(paths.database.string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("SELECT value FROM meta WHERE name = 'schema_version'").getInt() == 2);
    }
    {
        SQLite::Database db(paths.database.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE meta SET value = 3 WHERE name = 'schema_version'");
    }
    const auto before = slurp(paths.database);
    try {
        Vault(paths).list();
        FAIL("a vault of schema version 3 was opened");
    } catch (const StatusError& e) {
        CHECK(e.status() == AGORAS_ERR_STORAGE);
        CHECK(std::string(e.what()).find("schema version 3") != std::string::npos);
    }
    CHECK(status_of([&] { Vault(paths).put("threads", "new", sample_fields("x")); }) == AGORAS_ERR_STORAGE);
    CHECK(slurp(paths.database) == before);
}

TEST_CASE_METHOD(Fixture, "vault: an SQLite database of another schema is refused, never written into", "[vault]") {
    // Found by the red team: such a database was treated as an empty vault and written into.
    Vault(paths).put("threads", "default", sample_fields("tok"));  // creates the key and the directories
    fs::remove(paths.database);
    {
        SQLite::Database db(paths.database.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES('mine')");
    }
    ::chmod(paths.database.c_str(), 0600);
    const auto before = slurp(paths.database);
    CHECK(status_of([&] { Vault(paths).put("threads", "default", sample_fields("tok")); }) == AGORAS_ERR_STORAGE);
    CHECK(status_of([&] { Vault(paths).list(); }) == AGORAS_ERR_STORAGE);
    CHECK(slurp(paths.database) == before);
}

TEST_CASE_METHOD(Fixture, "vault: a change that stores nothing creates nothing but checks the vault could be made",
                 "[vault]") {
    Vault vault(paths);
    CHECK_FALSE(vault.update("threads", "default", [](const auto&) { return std::optional<Fields>(); }));
    CHECK_FALSE(fs::exists(paths.base));
    // Where no vault can be created, the check says so before any long operation.
    std::ofstream(dir.path() / "a-file") << "not a directory";
    StoragePaths nowhere = storage_paths_for(dir.path() / "a-file" / "store");
    CHECK(status_of([&] {
              Vault(nowhere).update("threads", "default", [](const auto&) { return std::optional<Fields>(); });
          }) == AGORAS_ERR_STORAGE);
}

TEST_CASE_METHOD(Fixture, "vault: a version 1 vault is read as it is and upgraded by its first write", "[vault]") {
    Vault(paths).put("threads", "app", sample_fields("tok"));
    {
        SQLite::Database db(paths.database.string(), SQLite::OPEN_READWRITE);
        db.exec("DROP TABLE defaults; DELETE FROM meta WHERE name = 'schema_version'");
    }
    {
        Vault vault(paths);
        CHECK(vault.get("threads", "app"));
        CHECK(vault.get_default("threads").empty());
        CHECK_FALSE(vault.get("threads", "default"));
    }
    Vault(paths).set_default("threads", "app");
    SQLite::Database db(paths.database.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT value FROM meta WHERE name = 'schema_version'").getInt() == 2);
}

TEST_CASE_METHOD(Fixture, "vault: the default account is one pointer, not a twin record", "[vault]") {
    Vault vault(paths);
    vault.put("threads", "111", sample_fields("token-111"));
    vault.put("threads", "222", sample_fields("token-222"));
    CHECK_FALSE(vault.get("threads", "default"));
    vault.set_default("threads", "222");
    CHECK(vault.get_default("threads") == "222");
    CHECK(vault.get("threads", "default")->fields[1].second.text == "token-222");
    CHECK(vault.get("threads", "default")->info.identifier == "222");
    // One record: an update through it is seen under both names.
    vault.put("threads", "222", sample_fields("token-222-refreshed"));
    CHECK(vault.get("threads", "default")->fields[1].second.text == "token-222-refreshed");
    CHECK(vault.list("threads").size() == 2);
    CHECK(status_of([&] { vault.set_default("threads", "nope"); }) == AGORAS_ERR_STORAGE);
    CHECK(vault.remove("threads", "222"));
    CHECK(vault.get_default("threads").empty());
    // A record stored under the name "default" (the 1.0 twin) still reads as itself.
    vault.put("threads", "default", sample_fields("legacy-twin"));
    vault.set_default("threads", "111");
    CHECK(vault.get("threads", "default")->fields[1].second.text == "legacy-twin");
}
