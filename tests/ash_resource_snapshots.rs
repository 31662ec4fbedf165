//! Rendered Ash resources (and their domains and test modules) for every
//! field type, relationship kind, primary key kind and data layer, with
//! and without policies. Each snapshot is also parsed and format-checked
//! with the real Elixir and checked against the Ash DSL schema.
mod common;

use common::ash_dsl::{validate_domain, validate_resource};
use common::elixir::check_sources;
use common::project::copy_fixture;
use scaffold::changes::ChangeSet;
use scaffold::generators::ash_resource::{self, ResourceOptions};
use scaffold::generators::Context;
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::ResourceInput;

/// What one `ash-resource` run plans, by path.
struct Planned {
    files: Vec<(String, String)>,
    notes: Vec<String>,
}

impl Planned {
    fn get(&self, path: &str) -> &str {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("{path} was not planned; planned: {:?}", self.paths()))
    }

    fn has(&self, path: &str) -> bool {
        self.files.iter().any(|(p, _)| p == path)
    }

    fn paths(&self) -> Vec<&str> {
        self.files.iter().map(|(p, _)| p.as_str()).collect()
    }
}

fn plan_in(fixture: &str, input: ResourceInput, opts: ResourceOptions) -> Planned {
    let dir = copy_fixture(fixture);
    let project = Project::discover(Some(dir.path()), dir.path(), None).unwrap();
    let renderer = Renderer::for_project(&project.root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    ash_resource::plan(&ctx, input, &opts, &mut set)
        .unwrap_or_else(|e| panic!("plan failed: {e} ({:?})", e.hint()));
    Planned {
        files: set
            .files()
            .map(|f| (f.path.clone(), f.new.clone()))
            .collect(),
        notes: set.notes().to_vec(),
    }
}

fn plan(input: ResourceInput) -> Planned {
    plan_in("ash_shop", input, ResourceOptions::default())
}

fn input(module: &str, fields: &[&str]) -> ResourceInput {
    ResourceInput::new(module, fields.iter().copied())
}

/// Parses and format-checks every planned Elixir file, validates the
/// resource and domain against the Ash DSL, and returns the resource.
fn checked(planned: &Planned, resource: &str) -> String {
    let sources: Vec<(&str, &str)> = planned
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".ex") || p.ends_with(".exs"))
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    check_sources(&sources);
    let code = planned.get(resource).to_string();
    let problems = validate_resource(&code);
    assert!(
        problems.is_empty(),
        "{resource}:\n{}\n{code}",
        problems.join("\n")
    );
    for (path, text) in &planned.files {
        if text.contains("use Ash.Domain") {
            let problems = validate_domain(text);
            assert!(
                problems.is_empty(),
                "{path}:\n{}\n{text}",
                problems.join("\n")
            );
        }
    }
    code
}

#[test]
fn every_field_type() {
    let planned = plan(input(
        "Catalog.Product",
        &[
            "name:string:required",
            "email:ci_string:unique",
            "description:text",
            "stock:integer:default=0",
            "weight:float",
            "price:decimal:required",
            "active:boolean:default=true",
            "released_on:date",
            "opens_at:time",
            "published_at:utc_datetime",
            "checked_at:utc_datetime_usec:default=now",
            "seen_at:naive_datetime",
            "external_id:uuid:index",
            "meta:map",
            "blob:binary:sensitive",
            "status:atom:draft,active,archived:default=draft",
            "tags:array:string:default=[]",
            "kinds:array:atom:new,used",
            "notes:string:private:default=none",
        ],
    ));
    let code = checked(&planned, "lib/shop/catalog/product.ex");
    insta::assert_snapshot!("every_field_type", code);
    insta::assert_snapshot!(
        "every_field_type_test",
        planned.get("test/shop/catalog/product_test.exs")
    );
}

#[test]
fn each_relationship_kind() {
    let planned = plan(input(
        "Blog.Post",
        &[
            "title:string:required",
            "author:belongs_to:Accounts.User:required:on_delete=delete",
            "editor:belongs_to:Accounts.User",
            "comments:has_many:Blog.Comment",
            "cover:has_one:Media.Image",
            "tags:many_to_many:Blog.Tag:through=Blog.PostTag",
        ],
    ));
    let code = checked(&planned, "lib/shop/blog/post.ex");
    // Every foreign key is indexed, whatever the modifiers.
    assert!(
        code.contains("reference :author, on_delete: :delete, index?: true"),
        "{code}"
    );
    assert!(code.contains("reference :editor"), "{code}");
    assert!(
        planned
            .notes
            .iter()
            .any(|n| n.contains("`Shop.Blog.Comment`")),
        "targets that do not exist yet are reported: {:?}",
        planned.notes
    );
    insta::assert_snapshot!("each_relationship_kind", code);
    insta::assert_snapshot!(
        "each_relationship_kind_test",
        planned.get("test/shop/blog/post_test.exs")
    );
}

#[test]
fn each_primary_key_kind() {
    for (pk, declaration) in [
        (None, "uuid_v7_primary_key :id"),
        (Some("uuid"), "uuid_primary_key :id"),
        (Some("integer"), "integer_primary_key :id"),
    ] {
        let mut i = input("Catalog.Category", &["name:string:required:unique"]);
        i.primary_key = pk.map(str::to_string);
        let planned = plan(i);
        let code = checked(&planned, "lib/shop/catalog/category.ex");
        assert!(code.contains(declaration), "{code}");
        insta::assert_snapshot!(format!("primary_key_{}", pk.unwrap_or("uuid_v7")), code);
    }
}

#[test]
fn ets_data_layer() {
    let mut i = input("Notes.Note", &["body:text:required", "slug:string:unique"]);
    i.data_layer = Some("ets".into());
    let planned = plan(i);
    let code = checked(&planned, "lib/shop/notes/note.ex");
    assert!(!code.contains("postgres do"), "{code}");
    assert!(
        !planned.paths().iter().any(|p| p.contains("migrations")),
        "no migration for ETS: {:?}",
        planned.paths()
    );
    insta::assert_snapshot!("ets_data_layer", code);
    insta::assert_snapshot!(
        "ets_data_layer_test",
        planned.get("test/shop/notes/note_test.exs")
    );
}

#[test]
fn embedded_data_layer() {
    let mut i = input(
        "Profiles.Address",
        &["street:string:required", "city:string"],
    );
    i.data_layer = Some("embedded".into());
    let planned = plan(i);
    let code = checked(&planned, "lib/shop/profiles/address.ex");
    assert!(code.contains("data_layer: :embedded"), "{code}");
    // An embedded resource has no domain, no config entry, no test module.
    assert_eq!(planned.paths(), ["lib/shop/profiles/address.ex"]);
    assert!(
        planned.notes.iter().any(|n| n.contains("is embedded")),
        "{:?}",
        planned.notes
    );
    insta::assert_snapshot!("embedded_data_layer", code);
}

#[test]
fn postgres_with_policies_and_owner() {
    let mut i = input(
        "Blog.Post",
        &[
            "title:string:required",
            "slug:string:unique",
            "author:belongs_to:Accounts.User:required",
        ],
    );
    i.policies = true;
    let planned = plan(i);
    let code = checked(&planned, "lib/shop/blog/post.ex");
    assert!(
        code.contains("authorizers: [Ash.Policy.Authorizer]"),
        "{code}"
    );
    assert!(code.contains("change relate_actor(:author)"), "{code}");
    let check = planned.get("lib/shop/checks/actor_has_role.ex");
    assert!(check.contains("use Ash.Policy.SimpleCheck"), "{check}");
    insta::assert_snapshot!("policies_owner", code);
    insta::assert_snapshot!(
        "policies_owner_test",
        planned.get("test/shop/blog/post_test.exs")
    );
    insta::assert_snapshot!("policies_role_check", check);
}

#[test]
fn policies_without_an_owner_allow_admins_to_write() {
    let mut i = input("Catalog.Brand", &["name:string:required"]);
    i.policies = true;
    let planned = plan(i);
    let code = checked(&planned, "lib/shop/catalog/brand.ex");
    assert!(!code.contains("relates_to_actor_via"), "{code}");
    assert!(
        planned.notes.iter().any(|n| n.contains("only admins")),
        "{:?}",
        planned.notes
    );
    insta::assert_snapshot!("policies_admin_only", code);
    insta::assert_snapshot!(
        "policies_admin_only_test",
        planned.get("test/shop/catalog/brand_test.exs")
    );
}

#[test]
fn without_policies_nothing_about_authorization() {
    let planned = plan(input("Catalog.Brand", &["name:string:required"]));
    let code = checked(&planned, "lib/shop/catalog/brand.ex");
    assert!(
        !code.contains("policies do") && !code.contains("authorizers"),
        "{code}"
    );
    assert!(!planned.has("lib/shop/checks/actor_has_role.ex"));
    let test = planned.get("test/shop/catalog/brand_test.exs");
    assert!(!test.contains("actor:"), "{test}");
}

#[test]
fn some_actions_only() {
    let mut i = input("Log.Entry", &["message:string:required"]);
    i.actions = Some(vec!["read,create".into()]);
    i.timestamps = false;
    let planned = plan(i);
    let code = checked(&planned, "lib/shop/log/entry.ex");
    assert!(
        code.contains("defaults [:read, create: [:message]]"),
        "{code}"
    );
    let domain = planned.get("lib/shop/log.ex");
    assert!(
        domain.contains("define :create_entry") && !domain.contains("update_entry"),
        "{domain}"
    );
    let test = planned.get("test/shop/log/entry_test.exs");
    assert!(
        !test.contains("update_attrs") && !test.contains("destroy_entry"),
        "{test}"
    );
    insta::assert_snapshot!("some_actions_test", test);
}

#[test]
fn property_tests() {
    let mut i = input(
        "Blog.Post",
        &[
            "title:string:required",
            "slug:string:unique",
            "meta:map",
            "author:belongs_to:Accounts.User",
        ],
    );
    i.policies = true;
    let planned = plan_in("ash_shop", i, ResourceOptions { property: true });
    checked(&planned, "lib/shop/blog/post.ex");
    let test = planned.get("test/shop/blog/post_test.exs");
    assert!(test.contains("use ExUnitProperties"), "{test}");
    let mix = planned.get("mix.exs");
    assert!(mix.contains("{:stream_data, \"~> 1.0\"}"), "{mix}");
    insta::assert_snapshot!("property_test", test);
}

#[test]
fn long_names_stay_formatter_clean() {
    let mut i = input(
        "Inventory.WarehouseStockLevelAdjustmentRecordEntryThing",
        &[
            "the_longest_field_name_we_can_think_of_xx:string:required:unique",
            "another_long_field_name_used_for_dates:utc_datetime_usec:unique",
            "prices_of_all_the_things_in_stock:array:decimal",
            "author:belongs_to:Accounts.User",
        ],
    );
    i.policies = true;
    i.table = Some("wslar".into());
    let planned = plan_in("ash_shop", i, ResourceOptions { property: true });
    checked(
        &planned,
        "lib/shop/inventory/warehouse_stock_level_adjustment_record_entry_thing.ex",
    );
}

/// `n` characters of French text, most of them wider than one byte.
fn accented(n: usize) -> String {
    "Crème brûlée à la française, déjà vu, très légère. "
        .chars()
        .cycle()
        .take(n)
        .collect()
}

#[test]
fn non_ascii_defaults_are_measured_in_characters() {
    // `      add :title, :text, default: "…"` is 36 columns plus the
    // default: 62 characters end the line exactly at column 98, which the
    // formatter keeps on one line although it is far more than 98 bytes;
    // 63 characters make it break before the options.
    for (n, one_line) in [(62, true), (63, false)] {
        let default = accented(n);
        let field = format!("title:string:default=\"{default}\"");
        let planned = plan(input("Kitchen.Recipe", &[field.as_str()]));
        checked(&planned, "lib/shop/kitchen/recipe.ex");
        let migration = planned
            .files
            .iter()
            .find(|(p, _)| p.starts_with("priv/repo/migrations/"))
            .map(|(_, t)| t.as_str())
            .expect("a migration is planned");
        let flat = format!("      add :title, :text, default: \"{default}\"");
        assert_eq!(flat.chars().count(), 36 + n);
        assert!(flat.len() > 98, "wider than 98 bytes either way");
        if one_line {
            assert!(
                migration.lines().any(|l| l == flat),
                "expected one line:\n{migration}"
            );
        } else {
            let broken = format!("      add :title, :text,\n        default: \"{default}\"");
            assert!(
                migration.contains(&broken),
                "expected the options below:\n{migration}"
            );
        }
    }
}
