//! Invalid `ash-resource`, `ash-policy` and `init` invocations: each exits
//! with 2, prints a one-line error naming the problem (and a hint), and
//! leaves the project exactly as it was.
mod common;

use assert_cmd::Command;
use common::project::{copy_fixture, tree_hash};

/// (fixture, arguments, a part of the error message or of its hint).
const CASES: &[(&str, &[&str], &str)] = &[
    // Modules.
    (
        "phx_shop",
        &["ash-resource", "blog.post", "title:string"],
        "blog.post",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.post", "title:string"],
        "Blog.post",
    ),
    (
        "phx_shop",
        &["ash-resource", "Post", "title:string"],
        "has no domain",
    ),
    (
        "phx_shop",
        &["ash-resource", "Shop", "title:string"],
        "is the application's base module",
    ),
    (
        "phx_shop",
        &["ash-resource", "ShopWeb.Post", "title:string"],
        "is inside the web module",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "--domain", "Shop"],
        "is the application's base module",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "--domain", "Repo"],
        "is the Ecto repo",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Date", "day:date"],
        "would shadow Elixir's `Date`",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.News", "title:string"],
        "same singular and plural",
    ),
    // Field names.
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "end:string"],
        "reserved word",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "nil:string"],
        "reserved word",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "Title:string"],
        "Title",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "title:string", "title:text"],
        "is given twice",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "id:uuid"],
        "`id` is generated automatically",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "inserted_at:utc_datetime"],
        "generated automatically (timestamps)",
    ),
    (
        "phx_shop",
        &[
            "ash-resource",
            "Blog.Post",
            "author_id:uuid",
            "author:belongs_to:Accounts.User",
        ],
        "clashes with `author:belongs_to`",
    ),
    // Types and modifiers.
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "title:strng"],
        "did you mean `string`?",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "count:int4"],
        "unknown type",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "status:atom"],
        "status:atom",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "tags:array:array:string"],
        "tags:array:array:string",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "title:string:requird"],
        "requird",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "meta:map:unique"],
        "meta:map:unique",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "views:integer:default=many"],
        "many",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "published:boolean:default=yes"],
        "yes",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "on:date:default=2024-13-45"],
        "2024-13-45",
    ),
    (
        "phx_shop",
        &[
            "ash-resource",
            "Blog.Post",
            "status:atom:draft,published:default=gone",
        ],
        "gone",
    ),
    // Relationships.
    (
        "phx_shop",
        &[
            "ash-resource",
            "Blog.Post",
            "author:belongs_to:accounts.user",
        ],
        "accounts.user",
    ),
    (
        "phx_shop",
        &[
            "ash-resource",
            "Blog.Post",
            "author:belongs_to:Accounts.User:on_delete=explode",
        ],
        "explode",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "tags:many_to_many:Blog.Tag"],
        "through=",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "author:belongs_to"],
        "author:belongs_to",
    ),
    // Options.
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "--primary-key", "serial4"],
        "unknown primary key type",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "--data-layer", "mongo"],
        "unknown data layer",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "--actions", "read,publish"],
        "unknown action `publish`",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "--table", "Posts"],
        "Posts",
    ),
    (
        "phx_shop",
        &[
            "ash-resource",
            "Blog.Post",
            "--data-layer",
            "ets",
            "--table",
            "posts",
        ],
        "`--table` applies to the postgres data layer",
    ),
    (
        "phx_shop",
        &[
            "ash-resource",
            "Blog.Post",
            "title:string:index",
            "--data-layer",
            "ets",
        ],
        "`index` needs a database",
    ),
    (
        "phx_shop",
        &[
            "ash-resource",
            "Profiles.Address",
            "--data-layer",
            "embedded",
            "--policies",
        ],
        "does not apply to embedded resources",
    ),
    (
        "phx_shop",
        &["ash-resource", "Blog.Post", "--plural", "Posts"],
        "Posts",
    ),
    // ash-policy.
    (
        "ash_shop",
        &["ash-policy", "Accounts.Usr"],
        "did you mean `Accounts.User`?",
    ),
    (
        "ash_shop",
        &["ash-policy", "accounts.user"],
        "accounts.user",
    ),
    (
        "ash_shop",
        &["ash-policy", "Accounts.User", "--read", "everyone"],
        "unknown --read value `everyone`",
    ),
    (
        "ash_shop",
        &["ash-policy", "Accounts.User", "--write", "owners"],
        "did you mean `owner`?",
    ),
    (
        "ash_shop",
        &["ash-policy", "Accounts.User", "--owner", "author"],
        "has no belongs_to relationship `author`",
    ),
    (
        "ash_shop",
        &["ash-policy", "Accounts.User", "--write", "owner"],
        "owner policies need a belongs_to relationship",
    ),
    // init.
    (
        "phx_shop",
        &["init", "--sat-solver", "minisat"],
        "unknown SAT solver `minisat`",
    ),
];

#[test]
fn every_invalid_invocation_exits_2_and_writes_nothing() {
    assert!(CASES.len() >= 30);
    let mut failures = Vec::new();
    let mut dirs = std::collections::HashMap::new();
    for (fixture, args, expected) in CASES {
        let dir = dirs
            .entry(*fixture)
            .or_insert_with(|| copy_fixture(fixture));
        let before = tree_hash(dir.path());
        let out = Command::cargo_bin("scaffold")
            .unwrap()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .arg("--yes")
            .args(*args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or("");
        let mut problems = Vec::new();
        if out.status.code() != Some(2) {
            problems.push(format!("exit code {:?}", out.status.code()));
        }
        if !first.starts_with("error: ") {
            problems.push(format!("first line `{first}` is not an error line"));
        }
        if !stderr.contains(expected) {
            problems.push(format!("the error lacks `{expected}`"));
        }
        if !stderr.contains("hint: ") {
            problems.push("no hint".to_string());
        }
        if tree_hash(dir.path()) != before {
            problems.push("the project changed".to_string());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "scaffold {}: {}\n{stderr}",
                args.join(" "),
                problems.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
