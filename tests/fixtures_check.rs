//! The fixture projects under `tests/fixtures/` must be valid Elixir: every
//! `.ex`/`.exs` file parses, and all but the awkward ones are exactly what
//! `mix format` would write.
mod common;

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn phx_shop_is_formatted() {
    common::elixir::check_tree(&fixture("phx_shop"));
}

#[test]
fn umbrella_is_formatted() {
    common::elixir::check_tree(&fixture("umbrella"));
}

#[test]
fn ash_shop_is_formatted() {
    common::elixir::check_tree(&fixture("ash_shop"));
}

#[test]
fn phx_auth_is_formatted() {
    common::elixir::check_tree(&fixture("phx_auth"));
}

#[test]
fn awkward_fixtures_parse() {
    common::elixir::check_parse_tree(&fixture("awkward"));
    common::elixir::check_parse_tree(&fixture("awkward_oneline"));
}

#[test]
fn awkward_config_keeps_crlf() {
    let text = std::fs::read(fixture("awkward/config/config.exs")).unwrap();
    let lf = text.iter().filter(|&&b| b == b'\n').count();
    let crlf = text.windows(2).filter(|w| w == b"\r\n").count();
    assert!(
        lf > 0 && lf == crlf,
        "awkward/config/config.exs must use CRLF only"
    );
}

#[test]
fn not_mix_has_no_mix_file() {
    let dir = fixture("not_mix");
    assert!(dir.join("README.md").is_file());
    assert!(dir.join("package.json").is_file());
    assert!(!dir.join("mix.exs").exists());
}

#[test]
fn fixtures_have_the_expected_files() {
    let expect = [
        ("phx_shop", "mix.exs"),
        ("phx_shop", "lib/shop_web/router.ex"),
        ("phx_shop", "lib/shop_web/components/layouts/root.html.heex"),
        ("phx_shop", "priv/repo/migrations/.formatter.exs"),
        ("umbrella", "apps/shop/mix.exs"),
        ("umbrella", "apps/shop_web/mix.exs"),
        ("umbrella", "apps/shop/lib/shop/repo.ex"),
        ("ash_shop", "lib/shop/accounts.ex"),
        ("ash_shop", "lib/shop/accounts/user.ex"),
        ("ash_shop", "priv/resource_snapshots/repo/extensions.json"),
        ("phx_auth", "lib/shop_web/user_auth.ex"),
        ("awkward", "QUIRKS.md"),
    ];
    for (name, path) in expect {
        assert!(fixture(name).join(path).is_file(), "missing {name}/{path}");
    }
}

#[test]
fn ash_shop_snapshots_are_json() {
    let root = fixture("ash_shop/priv/resource_snapshots/repo");
    for path in [
        root.join("extensions.json"),
        root.join("users/20251124120001.json"),
    ] {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.ends_with('\n'),
            "{} ends with a newline",
            path.display()
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(value.is_object());
    }
}
