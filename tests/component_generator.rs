//! `scaffold live-component`: every variant planned against the Phoenix
//! fixture, snapshotted, checked with the real Elixir parser and
//! formatter, and every `~H` template checked for well-formedness
//! (balanced tags, declared assigns, component attrs and slots); then the
//! command end to end (idempotent, --dry-run writes nothing) and its bad
//! input (exit 2, nothing written).
mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::heex::{self, Registry};
use common::project::{copy_fixture, tree_hash};
use predicates::prelude::*;
use scaffold::changes::{ChangeSet, Status};
use scaffold::generators::{component, Context};
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::component::ComponentInput;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn input(module: &str, attrs: &[&str], slots: &[&str], stateful: bool) -> ComponentInput {
    ComponentInput {
        module: module.into(),
        attrs: attrs.iter().map(|s| s.to_string()).collect(),
        slots: slots.iter().map(|s| s.to_string()).collect(),
        stateful,
        tests: true,
    }
}

fn plan(input: ComponentInput) -> ChangeSet {
    let root = fixture("phx_shop");
    let project = Project::load(&root, None).unwrap();
    let renderer = Renderer::for_project(&root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&root);
    component::plan_input(&ctx, input, &mut set).unwrap();
    set
}

/// The fixture's core components and layouts, for component-usage checks.
fn registry() -> Registry {
    let mut r = Registry::default();
    let web = fixture("phx_shop").join("lib/shop_web/components");
    r.learn(
        &std::fs::read_to_string(web.join("core_components.ex")).unwrap(),
        None,
    );
    r.learn(
        &std::fs::read_to_string(web.join("layouts.ex")).unwrap(),
        Some("Layouts"),
    );
    r
}

/// Snapshots, Elixir checks and HEEx checks for every planned file.
/// `render_assigns` are the assigns a LiveComponent's render/1 may read.
fn verify(name: &str, set: &ChangeSet, render_assigns: &[&str]) {
    let mut sources = Vec::new();
    let mut registry = registry();
    let files: Vec<_> = set.files().collect();
    assert_eq!(files.len(), 2, "{name}: a module and its test");
    for f in &files {
        assert_eq!(f.status(), Status::Create, "{}", f.path);
        registry.learn(&f.new, None);
    }
    for f in &files {
        let stem = f.path.rsplit('/').next().unwrap().replace('.', "_");
        insta::assert_snapshot!(format!("{name}__{stem}"), &f.new);
        sources.push((f.path.as_str(), f.new.as_str()));
        let templates = heex::templates(&f.new);
        assert!(!templates.is_empty(), "{}: no ~H template", f.path);
        let assigns: Vec<String> = render_assigns.iter().map(|s| s.to_string()).collect();
        let problems = heex::check_source(&f.new, &assigns, &registry);
        assert!(
            problems.is_empty(),
            "{}:\n{}\n{}",
            f.path,
            problems.join("\n"),
            f.new
        );
    }
    common::elixir::check_sources(&sources);
}

#[test]
fn card_from_the_issue() {
    let set = plan(input(
        "Ui.Card",
        &[
            "title:string:required",
            "variant:atom:values=primary,secondary:default=primary",
            "rest:global",
        ],
        &["inner_block:required", "actions"],
        false,
    ));
    let module = set.get("lib/shop_web/components/ui/card.ex").unwrap();
    for want in [
        "use Phoenix.Component",
        "attr :title, :string, required: true",
        "attr :variant, :atom, values: [:primary, :secondary], default: :primary",
        "attr :rest, :global",
        "slot :inner_block, required: true",
        "{render_slot(@actions)}",
        "{@rest}",
    ] {
        assert!(module.new.contains(want), "missing {want}:\n{}", module.new);
    }
    let test = set
        .get("test/shop_web/components/ui/card_test.exs")
        .unwrap();
    assert!(test.new.contains("rendered_to_string(~H"), "{}", test.new);
    verify("card", &set, &[]);
}

#[test]
fn every_attribute_type() {
    let set = plan(input(
        "Ui.Kitchen",
        &[
            "label:string:required:doc=\"Shown: first\"",
            "kind:atom",
            "open:boolean",
            "count:integer:default=3",
            "ratio:float",
            "size:string:values=sm,md,lg:default=md",
            "level:integer:values=1,2,3",
            "items:list",
            "meta:map",
            "value:any",
            "field:Phoenix.HTML.FormField",
            "attrs:global:include=href,download",
        ],
        &["header:doc=\"At the top\"", "footer:required"],
        false,
    ));
    verify("kitchen", &set, &[]);
}

#[test]
fn component_without_attrs_or_slots() {
    let set = plan(input("Divider", &[], &[], false));
    let test = &set
        .get("test/shop_web/components/divider_test.exs")
        .unwrap()
        .new;
    assert!(test.contains("render_component(&divider/1, %{})"), "{test}");
    verify("bare", &set, &[]);
}

#[test]
fn long_names_and_docs_are_laid_out_like_the_formatter() {
    let set = plan(input(
        "Dashboard.Widgets.ExtremelyDetailedStatusIndicatorPanel",
        &[
            "very_long_attribute_name_for_the_status_message:string:required",
            "another_rather_long_attribute_name_for_variants:atom:values=first_variant,second_variant,third_variant,fourth_variant:default=first_variant",
            "described:string:doc=\"A documentation string that is long enough to push the declaration past the line width\"",
            "globals:global:doc=\"The arbitrary HTML attributes to add to the root element of the panel component\"",
        ],
        &["inner_block:required:doc=\"The main content of the panel, shown between the header and the footer\""],
        false,
    ));
    verify("long", &set, &[]);
}

#[test]
fn stateful_counter() {
    let set = plan(input("Ui.Counter", &[], &[], true));
    let module = &set
        .get("lib/shop_web/components/ui/counter.ex")
        .unwrap()
        .new;
    for want in [
        "use ShopWeb, :live_component",
        "def mount(socket) do",
        "def update(assigns, socket) do",
        "def handle_event(\"increment\", _params, socket) do",
        "phx-target={@myself}",
    ] {
        assert!(module.contains(want), "missing {want}:\n{module}");
    }
    let test = &set
        .get("test/shop_web/components/ui/counter_test.exs")
        .unwrap()
        .new;
    assert!(test.contains("live_isolated(conn, Host)"), "{test}");
    assert!(
        test.contains("render_component(Counter, id: \"counter\")"),
        "{test}"
    );
    verify("counter", &set, &["id", "myself", "count"]);
}

#[test]
fn stateful_with_assigns() {
    let set = plan(input(
        "Ui.Stepper",
        &[
            "title:string:required",
            "step:integer:default=1",
            "mode:atom:values=up,down:default=up",
            "description_text_for_the_stepper:string:default=\"A fairly long default description value for this\"",
        ],
        &[],
        true,
    ));
    verify(
        "stepper",
        &set,
        &[
            "id",
            "myself",
            "count",
            "title",
            "step",
            "mode",
            "description_text_for_the_stepper",
        ],
    );
}

// ---------------------------------------------------------------------------
// End to end
// ---------------------------------------------------------------------------

fn scaffold() -> Command {
    let mut c = Command::cargo_bin("scaffold").unwrap();
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn end_to_end_idempotent_and_dry_run() {
    let dir = copy_fixture("phx_shop");
    let args = [
        "live-component",
        "Ui.Card",
        "--attr",
        "title:string:required",
        "--attr",
        "variant:atom:values=primary,secondary:default=primary",
        "--attr",
        "rest:global",
        "--slot",
        "inner_block:required",
        "--slot",
        "actions",
    ];
    let before = tree_hash(dir.path());
    scaffold()
        .current_dir(dir.path())
        .args(args)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::contains("+defmodule ShopWeb.Ui.Card do"));
    assert_eq!(tree_hash(dir.path()), before, "--dry-run wrote something");

    scaffold()
        .current_dir(dir.path())
        .args(args)
        .arg("-y")
        .assert()
        .success();
    let module = dir.path().join("lib/shop_web/components/ui/card.ex");
    let test = dir.path().join("test/shop_web/components/ui/card_test.exs");
    common::elixir::check_files(&[module.clone(), test.clone()]);
    let after = tree_hash(dir.path());

    let out = scaffold()
        .current_dir(dir.path())
        .args(args)
        .arg("-y")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("unchanged lib/shop_web/components/ui/card.ex"),
        "{stdout}"
    );
    assert!(
        stdout.contains("unchanged test/shop_web/components/ui/card_test.exs"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("create") && !stdout.contains("modify"),
        "{stdout}"
    );
    assert_eq!(tree_hash(dir.path()), after, "second run changed the tree");
}

#[test]
fn stateful_end_to_end() {
    let dir = copy_fixture("phx_shop");
    scaffold()
        .current_dir(dir.path())
        .args(["live-component", "Ui.Counter", "--stateful", "-y"])
        .assert()
        .success();
    common::elixir::check_tree(&dir.path().join("lib/shop_web/components/ui"));
    common::elixir::check_tree(&dir.path().join("test/shop_web/components/ui"));
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["Ui.Card", "--attr", "title:strng"],
            "unknown type `strng`",
        ),
        (
            &["Ui.Card", "--attr", "title", "--attr", "title:string"],
            "given twice",
        ),
        (
            &["Ui.Card", "--attr", "title:string:required:default=x"],
            "exclude each other",
        ),
        (
            &["Ui.Card", "--attr", "a:global", "--attr", "b:global"],
            "only one `:global`",
        ),
        (
            &["Ui.Card", "--attr", "rest:global:required"],
            "do not take `required`",
        ),
        (
            &["Ui.Card", "--attr", "variant:atom:values=a,b:default=c"],
            "not one of values=",
        ),
        (
            &["Ui.Card", "--attr", "count:integer:default=ten"],
            "is not an integer",
        ),
        (&["Ui.Card", "--attr", "inner_block"], "default slot"),
        (&["Ui.Card", "--attr", "Title:string"], "invalid name"),
        (
            &["Ui.Card", "--slot", "actions:string"],
            "slots have no type",
        ),
        (&["Ui.Card", "--slot", "a", "--slot", "a"], "given twice"),
        (
            &["Ui.Card", "--attr", "x", "--slot", "x"],
            "both an attr and a slot",
        ),
        (&["ui.card"], "did you mean `Ui.Card`"),
        (&["Ui.Link"], "clashes with `Phoenix.Component.link/1`"),
        (
            &["Ui.Counter", "--stateful", "--slot", "inner_block"],
            "slots are declared on function components",
        ),
        (
            &["Ui.Counter", "--stateful", "--attr", "id"],
            "already has the `@id` assign",
        ),
        (
            &["Ui.Card", "--attr", "title:string:doc=\"unclosed"],
            "not closed",
        ),
    ];
    let dir = copy_fixture("phx_shop");
    let before = tree_hash(dir.path());
    for (args, message) in cases {
        let out = scaffold()
            .current_dir(dir.path())
            .arg("live-component")
            .args(*args)
            .arg("-y")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{args:?}: expected `{message}` in:\n{stderr}"
        );
        assert_eq!(tree_hash(dir.path()), before, "{args:?} wrote something");
    }
}

#[test]
fn project_without_web_layer_is_refused() {
    let dir = copy_fixture("phx_shop");
    std::fs::remove_dir_all(dir.path().join("lib/shop_web")).unwrap();
    std::fs::remove_file(dir.path().join("lib/shop_web.ex")).unwrap();
    let before = tree_hash(dir.path());
    scaffold()
        .current_dir(dir.path())
        .args(["live-component", "Ui.Card", "-y"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no web layer"));
    assert_eq!(tree_hash(dir.path()), before);
}

#[test]
fn project_template_overrides_keep_heex_and_eex_literals() {
    let dir = copy_fixture("phx_shop");
    let override_path = dir
        .path()
        .join(".scaffold/templates/component/function.ex.j2");
    std::fs::create_dir_all(override_path.parent().unwrap()).unwrap();
    std::fs::write(
        &override_path,
        "defmodule {= spec.module =} do\n  use Phoenix.Component\n\n{= declarations =}\n\n  def {= spec.function =}(assigns) do\n    ~H\"\"\"\n    <p title={@title}>{@title} <%= @title %></p>\n    \"\"\"\n  end\nend\n",
    )
    .unwrap();
    scaffold()
        .current_dir(dir.path())
        .args([
            "live-component",
            "Ui.Card",
            "--attr",
            "title:string:required",
            "--no-test",
            "-y",
        ])
        .assert()
        .success();
    let path = dir.path().join("lib/shop_web/components/ui/card.ex");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("    <p title={@title}>{@title} <%= @title %></p>\n"),
        "{text}"
    );
    assert!(
        text.contains("  attr :title, :string, required: true\n"),
        "{text}"
    );
    common::elixir::check_files(&[path]);
}

#[test]
fn non_ascii_docs_are_measured_in_characters() {
    // `  attr :label, :string, default: nil, doc: "…"` is 45 columns plus
    // the doc: 53 characters end the line at column 98 (one line for the
    // formatter although it is far more than 98 bytes), 54 make it break.
    let text: String = "Libellé affiché à côté de l'icône, très lisible. "
        .chars()
        .cycle()
        .take(54)
        .collect();
    for n in [53, 54] {
        let doc: String = text.chars().take(n).collect();
        let set = plan(input(
            "Ui.Badge",
            &[&format!("label:string:doc=\"{doc}\"")],
            &[],
            false,
        ));
        let module = &set.get("lib/shop_web/components/ui/badge.ex").unwrap().new;
        let flat = format!("  attr :label, :string, default: nil, doc: \"{doc}\"");
        assert_eq!(flat.chars().count(), 45 + n);
        assert!(flat.len() > 98, "wider than 98 bytes either way");
        assert_eq!(
            module.lines().any(|l| l == flat),
            n == 53,
            "{n} characters:\n{module}"
        );
        let sources: Vec<(&str, &str)> = set
            .files()
            .map(|f| (f.path.as_str(), f.new.as_str()))
            .collect();
        common::elixir::check_sources(&sources);
    }
}

#[test]
fn quoted_defaults_stay_strings() {
    let set = plan(input(
        "Ui.Badge",
        &[
            "label:string:default=\"nil\"",
            "note:string:default=nil",
            "state:string:default=\"true\"",
            "mark:string:default=\"false\"",
            "code:string:default=\"42\"",
            "value:any:default=\"true\"",
            "other:any:default=\"1.5\"",
            "flag:any:default=true",
            "count:any:default=7",
            "empty:any:default=nil",
            "level:integer:default=\"3\"",
        ],
        &[],
        false,
    ));
    let module = &set.get("lib/shop_web/components/ui/badge.ex").unwrap().new;
    for want in [
        "  attr :label, :string, default: \"nil\"\n",
        "  attr :note, :string, default: nil\n",
        "  attr :state, :string, default: \"true\"\n",
        "  attr :mark, :string, default: \"false\"\n",
        "  attr :code, :string, default: \"42\"\n",
        "  attr :value, :any, default: \"true\"\n",
        "  attr :other, :any, default: \"1.5\"\n",
        "  attr :flag, :any, default: true\n",
        "  attr :count, :any, default: 7\n",
        "  attr :empty, :any, default: nil\n",
        "  attr :level, :integer, default: 3\n",
    ] {
        assert!(module.contains(want), "missing {want:?}:\n{module}");
    }
    let sources: Vec<(&str, &str)> = set
        .files()
        .map(|f| (f.path.as_str(), f.new.as_str()))
        .collect();
    common::elixir::check_sources(&sources);
}
