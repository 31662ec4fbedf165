//! The wizard driven by scripted answers: for every kind of generator it
//! offers, the answers must produce exactly the command line a user would
//! type, and planning that command gives the same change set as the flags.
//! Invalid answers are explained with a suggestion and asked again.
mod common;

use common::project::{copy_fixture, tree_hash};
use scaffold::changes::ChangeSet;
use scaffold::cli::output::Output;
use scaffold::cli::prompt::{Answer, ScriptedPrompter};
use scaffold::cli::GlobalOpts;
use scaffold::generators::Context;
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::wizard::{self, commands};
use std::path::Path;

fn text(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

fn pick(s: &str) -> Answer {
    Answer::Pick(s.to_string())
}

fn picks(items: &[&str]) -> Answer {
    Answer::Picks(items.iter().map(|s| s.to_string()).collect())
}

fn argv(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

/// The planned files of a command line on the project at `root`.
fn planned(root: &Path, argv: &[String]) -> Vec<(String, String)> {
    let project = Project::load(root, None).unwrap();
    let renderer = Renderer::new(None);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(root);
    let cmd = commands::parse(argv).unwrap();
    commands::plan(&ctx, &cmd, &mut set).unwrap();
    set.files()
        .map(|f| (f.path.clone(), f.new.clone()))
        .collect()
}

/// Runs the questions with `answers` on a copy of `fixture`, checks that
/// they give `expected` and the same change set as the flags, and that
/// every answer was used.
fn check(fixture: &str, answers: Vec<Answer>, expected: &str) -> ScriptedPrompter {
    // A fixed clock: both plans name their migrations alike. Every test of
    // this file sets the same value, so threads cannot disagree.
    std::env::set_var("SOURCE_DATE_EPOCH", "1767225600");
    let dir = copy_fixture(fixture);
    let project = Project::load(&dir.path().canonicalize().unwrap(), None).unwrap();
    let mut p = ScriptedPrompter::answers(answers);
    let got = wizard::ask(Some(&project), &mut p).unwrap();
    assert_eq!(got, argv(expected), "{}", wizard::command_line(&got));
    assert_eq!(p.remaining(), 0, "unused answers");
    // Source of truth: the flags as a user types them.
    let root = dir.path().canonicalize().unwrap();
    let from_flags = planned(&root, &argv(expected));
    assert!(!from_flags.is_empty());
    assert_eq!(planned(&root, &got), from_flags);
    p
}

/// Answers for a field with no modifiers and no default.
fn plain_field(name: &str, ty: &str) -> Vec<Answer> {
    vec![text(name), pick(ty), picks(&[]), text("")]
}

#[test]
fn resource_with_every_kind_of_field() {
    let mut answers = vec![
        pick("resource"),
        text("blog.post"), // invalid: asked again with a suggestion
        text("Blog.Post"),
        text("title"),
        pick("string"),
        picks(&["required"]),
        text(""),
    ];
    answers.extend(plain_field("body", "text"));
    answers.extend([
        text("views"),
        pick("integer"),
        picks(&["index"]),
        text("zero"),
        text("0"),
    ]);
    answers.extend([
        text("status"),
        pick("atom"),
        text("draft,published"),
        picks(&[]),
        text("draft"),
    ]);
    answers.extend([
        text("tags"),
        pick("array"),
        pick("string"),
        picks(&[]),
        text("[]"),
    ]);
    answers.extend([
        text("title"),
        text("slug"),
        pick("string"),
        picks(&["unique"]),
        text(""),
    ]);
    answers.extend([text("notes"), pick("map"), picks(&["sensitive"])]);
    answers.extend([
        text("published_at"),
        pick("utc_datetime_usec"),
        picks(&[]),
        text("now"),
    ]);
    // A relationship to a resource the project has, picked from the list.
    answers.extend([
        text("author"),
        pick("belongs_to"),
        pick("Accounts.User"),
        picks(&["required"]),
        pick("delete"),
    ]);
    // One to a resource typed in.
    answers.extend([
        text("comments"),
        pick("has_many"),
        pick("other"),
        text("Blog.Comment"),
        picks(&[]),
    ]);
    answers.extend([
        text("labels"),
        pick("many_to_many"),
        pick("other"),
        text("Blog.Label"),
        text("Blog.PostLabel"),
        picks(&[]),
    ]);
    answers.extend([
        text(""),
        pick("integer"),
        pick("default"),
        picks(&["read", "create", "update"]),
        Answer::Yes, // policies
        Answer::No,  // timestamps
        Answer::Yes, // migration
        Answer::Yes, // tests
        Answer::Yes, // property tests
    ]);
    let p = check(
        "ash_shop",
        answers,
        "scaffold ash-resource Blog.Post title:string:required body:text views:integer:index:default=0 \
         status:atom:draft,published:default=draft tags:array:string:default=[] slug:string:unique \
         notes:map:sensitive published_at:utc_datetime_usec:default=now \
         author:belongs_to:Accounts.User:required:on_delete=delete comments:has_many:Blog.Comment \
         labels:many_to_many:Blog.Label:through=Blog.PostLabel --primary-key integer \
         --actions read,create,update --policies --no-timestamps --property",
    );
    // The printed one-liner quotes what a shell would expand.
    let line = wizard::command_line(&argv(
        "scaffold ash-resource Blog.Post tags:array:string:default=[]",
    ));
    assert_eq!(
        line,
        "scaffold ash-resource Blog.Post 'tags:array:string:default=[]'"
    );
    let messages: Vec<&String> = p
        .transcript
        .iter()
        .filter(|l| l.starts_with("invalid:"))
        .collect();
    assert_eq!(messages.len(), 3, "{:?}", p.transcript);
    assert!(
        messages[0].contains("Blog.Post"),
        "a suggestion for blog.post: {}",
        messages[0]
    );
    assert!(messages[1].contains("zero"), "{}", messages[1]);
    assert!(messages[2].contains("already a field"), "{}", messages[2]);
}

#[test]
fn resource_with_defaults_only() {
    let mut answers = vec![pick("resource"), text("Catalog.Product")];
    answers.extend(plain_field("name", "string"));
    answers.extend([
        text(""),
        pick("uuid_v7"),
        pick("default"),
        picks(&["read", "create", "update", "destroy"]),
        Answer::No,
        Answer::Yes,
        Answer::Yes,
        Answer::Yes,
        Answer::No,
    ]);
    check(
        "phx_shop",
        answers,
        "scaffold ash-resource Catalog.Product name:string",
    );
}

#[test]
fn policy_on_an_existing_resource() {
    let answers = vec![
        pick("policy"),
        pick("Accounts.User"),
        pick("any"),
        pick("admin"),
        text("Owner"), // invalid relationship name
        text(""),
    ];
    let p = check(
        "ash_shop",
        answers,
        "scaffold ash-policy Accounts.User --read any --write admin",
    );
    assert!(p
        .transcript
        .iter()
        .any(|l| l.starts_with("invalid:") && l.contains("Owner")));
}

#[test]
fn genserver_with_calls_casts_and_a_timer() {
    let answers = vec![
        pick("genserver"),
        text("Stats.Counter"),
        pick("single"),
        text("count, total"),
        text("Bump"), // invalid
        text("bump"),
        text("soon"), // invalid
        text("5000"),
        pick("map"),
        Answer::No,
        text(""),
        Answer::Yes,
    ];
    check(
        "phx_shop",
        answers,
        "scaffold genserver Stats.Counter --call count --call total --cast bump --every 5000",
    );
}

#[test]
fn genserver_ets_owner_under_the_application() {
    let answers = vec![
        pick("genserver"),
        text("Cache.Store"),
        pick("ets"),
        text("60000"),
        Answer::Yes,
        text(""),
        Answer::No,
    ];
    check(
        "phx_shop",
        answers,
        "scaffold genserver Cache.Store --ets --ttl 60000 --telemetry --no-test",
    );
}

#[test]
fn supervisor_with_children() {
    let answers = vec![
        pick("supervisor"),
        text("Pipeline"),
        pick("rest_for_one"),
        text("Pipeline.Producer, Pipeline.Consumer"),
        text(""),
        Answer::Yes,
    ];
    check(
        "phx_shop",
        answers,
        "scaffold supervisor Pipeline --strategy rest_for_one --child Pipeline.Producer --child Pipeline.Consumer",
    );
}

#[test]
fn migration_adding_columns_and_indexes() {
    let answers = vec![
        pick("migration"),
        text("add_slug_to-posts"), // invalid
        text("add_slug_to_posts"),
        text("posts.slug:strng"), // unknown type: a suggestion
        text("posts.slug:string"),
        text(""),
        text(""),
        text("posts.slug"),
        Answer::Yes,
        Answer::No,
    ];
    let p = check(
        "phx_shop",
        answers,
        "scaffold migration add_slug_to_posts posts.slug:string --unique-index posts.slug --concurrently",
    );
    assert!(
        p.transcript
            .iter()
            .any(|l| l.starts_with("invalid:") && l.contains("string")),
        "{:?}",
        p.transcript
    );
}

#[test]
fn migration_creating_a_table() {
    let answers = vec![
        pick("migration"),
        text("create_tags"),
        text("name:string:unique"),
        text(""),
        text(""),
        text(""),
        Answer::Yes,
        Answer::Yes,
    ];
    check(
        "phx_shop",
        answers,
        "scaffold migration create_tags name:string:unique --binary-id",
    );
}

#[test]
fn new_project_outside_any_project() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("taken")).unwrap();
    std::fs::write(tmp.path().join("taken/file"), "x").unwrap();
    let target = tmp.path().join("My-Shop");
    let target = target.to_string_lossy().into_owned();
    let answers = vec![
        pick("project"),
        Answer::Text(tmp.path().join("taken").to_string_lossy().into_owned()), // not empty
        Answer::Text(target.clone()),
        text(""),     // the default app name: the directory's is invalid, so my_app
        text("acme"), // invalid module
        text("Acme"),
        Answer::Yes,
        Answer::No,
        pick("sqlite"),
    ];
    let mut p = ScriptedPrompter::answers(answers);
    let got = wizard::ask(None, &mut p).unwrap();
    assert_eq!(
        got,
        argv(&format!(
            "scaffold new {target} --app my_app --module Acme --no-live --database sqlite"
        ))
    );
    let invalid: Vec<_> = p
        .transcript
        .iter()
        .filter(|l| l.starts_with("invalid:"))
        .collect();
    assert_eq!(invalid.len(), 2, "{:?}", p.transcript);
    assert!(invalid[0].contains("not empty"));
    // The same struct as the flags.
    let (global, cmd) = commands::parse_cli(&got).unwrap();
    assert_eq!(global.app.as_deref(), Some("my_app"));
    let scaffold::cli::Command::New(args) = cmd else {
        panic!("not `new`: {cmd:?}")
    };
    assert_eq!(
        (args.no_live, args.no_ash, args.database.as_str()),
        (true, false, "sqlite")
    );
    assert_eq!(args.module.as_deref(), Some("Acme"));
}

#[test]
fn only_a_project_is_offered_outside_a_project() {
    let mut p = ScriptedPrompter::answers([pick("resource")]);
    let err = wizard::ask(None, &mut p).unwrap_err();
    assert!(err.to_string().contains("not a choice"), "{err}");
}

fn quiet() -> Output {
    Output {
        color: false,
        quiet: true,
        json: false,
        interactive: false,
    }
}

#[test]
fn session_shows_the_diff_and_applies_only_when_confirmed() {
    let dir = copy_fixture("phx_shop");
    let g = GlobalOpts {
        project: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let answers = |confirm: bool| {
        vec![
            pick("supervisor"),
            text("Pipeline"),
            pick("one_for_one"),
            text(""),
            text(""),
            Answer::Yes,
            if confirm { Answer::Yes } else { Answer::No },
        ]
    };
    let before = tree_hash(dir.path());
    let mut p = ScriptedPrompter::answers(answers(false));
    let err = wizard::session(&g, quiet(), &mut p).unwrap_err();
    assert_eq!(err.code(), 1);
    assert_eq!(tree_hash(dir.path()), before, "declined: nothing written");
    assert_eq!(
        p.transcript.last().map(String::as_str),
        Some("Apply these changes?")
    );

    let mut p = ScriptedPrompter::answers(answers(true));
    assert_eq!(wizard::session(&g, quiet(), &mut p).unwrap(), 0);
    assert!(dir.path().join("lib/shop/pipeline.ex").is_file());
    let app = std::fs::read_to_string(dir.path().join("lib/shop/application.ex")).unwrap();
    assert!(app.contains("Shop.Pipeline"));
    common::elixir::check_files(&[
        dir.path().join("lib/shop/pipeline.ex"),
        dir.path().join("lib/shop/application.ex"),
    ]);
}

#[test]
fn function_component_with_attributes_and_slots() {
    let answers = vec![
        pick("component"),
        text("Ui.Card"),
        text("title:string:required"),
        text("variant:atom:values=primary,secondary:default=primary"),
        text("size:colour"), // unknown type: explained, asked again
        text(""),
        text("inner_block:required"),
        text(""),
        Answer::No,
        Answer::Yes,
    ];
    let p = check(
        "phx_shop",
        answers,
        "scaffold live-component Ui.Card --attr title:string:required \
         --attr variant:atom:values=primary,secondary:default=primary --slot inner_block:required",
    );
    assert!(
        p.transcript
            .iter()
            .any(|l| l.starts_with("invalid:") && l.contains("colour")),
        "{:?}",
        p.transcript
    );
}

#[test]
fn live_pages_for_an_existing_resource() {
    let answers = vec![
        pick("live"),
        pick("Accounts.User"),
        text("admin"),
        text("/admin"),
        Answer::Yes,
        Answer::No,
    ];
    check(
        "ash_shop",
        answers,
        "scaffold live Accounts.User --scope /admin --no-test",
    );
}
