//! Every variant of `genserver` and `supervisor`, planned against the
//! Phoenix fixture: snapshots of each generated file and of the
//! application edit, the real Elixir parser and formatter on all of them,
//! and the generated ExUnit tests run with the real Elixir (compiled
//! without warnings, the application's new children started first).
mod common;
#[path = "otp/support.rs"]
mod support;

use std::path::{Path, PathBuf};

use scaffold::changes::{ChangeSet, Status};
use scaffold::generators::{genserver, supervisor, Context};
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::otp::{GenServerInput, SupervisorInput};

const APP: &str = "lib/shop/application.ex";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Plans with `plan` against the fixture (read-only: nothing is applied).
fn planned<F>(fixture_name: &str, plan: F) -> ChangeSet
where
    F: FnOnce(&Context, &mut ChangeSet),
{
    let root = fixture(fixture_name);
    let project = Project::load(&root, None).unwrap();
    let renderer = Renderer::for_project(&root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&root);
    plan(&ctx, &mut set);
    set
}

fn genserver_set(input: GenServerInput) -> ChangeSet {
    planned("phx_shop", |ctx, set| {
        genserver::plan_input(ctx, input, set).unwrap()
    })
}

fn input(module: &str, f: impl FnOnce(&mut GenServerInput)) -> GenServerInput {
    let mut i = GenServerInput::new(module);
    f(&mut i);
    i
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Snapshots every planned file (created: the content; modified: the
/// diff), checks them with Elixir, and runs the generated tests.
fn verify(name: &str, set: &ChangeSet) {
    let dir = tempfile::tempdir().unwrap();
    let mut libs = Vec::new();
    let mut tests = Vec::new();
    let mut sources = Vec::new();
    for f in set.files() {
        match f.status() {
            Status::Create => {
                let stem = f.path.rsplit('/').next().unwrap().replace('.', "_");
                insta::assert_snapshot!(format!("{name}__{stem}"), &f.new);
            }
            Status::Modify => {
                insta::assert_snapshot!(
                    format!("{name}__{}_diff", f.path.replace(['/', '.'], "_")),
                    f.diff(false)
                );
            }
            other => panic!("{}: unexpected status {other:?}", f.path),
        }
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.new).unwrap();
        sources.push(path.clone());
        if f.path.starts_with("test/") {
            tests.push(path);
        } else if f.path != APP {
            libs.push(path);
        }
    }
    common::elixir::check_files(&sources);
    let app_after = dir.path().join(APP);
    assert!(
        app_after.is_file(),
        "{name}: the application was not edited"
    );
    support::run_exunit(
        &support::fixture_file("phx_shop", APP),
        &app_after,
        &libs,
        &tests,
    );
}

#[test]
fn singleton_with_calls_casts_and_tick() {
    let set = genserver_set(input("Cache.Warmer", |i| {
        i.calls = strings(&["fetch", "ready?"]);
        i.casts = strings(&["put"]);
        i.every = Some(60_000);
    }));
    verify("singleton", &set);
}

#[test]
fn singleton_keyword_state_with_telemetry() {
    let set = genserver_set(input("Stats.Counter", |i| {
        i.calls = strings(&["value"]);
        i.casts = strings(&["bump"]);
        i.every = Some(1500);
        i.state = Some("keyword".into());
        i.telemetry = true;
    }));
    verify("keyword_telemetry", &set);
}

#[test]
fn singleton_struct_state() {
    let set = genserver_set(input("Feeds.Poller", |i| {
        i.calls = strings(&["latest"]);
        i.every = Some(30_000);
        i.state = Some("struct".into());
    }));
    verify("struct", &set);
}

#[test]
fn singleton_without_options() {
    verify("bare", &genserver_set(GenServerInput::new("Audit.Log")));
}

#[test]
fn keyed_through_a_registry() {
    let set = genserver_set(input("Rooms.Room", |i| {
        i.registry = true;
        i.calls = strings(&["members"]);
        i.casts = strings(&["join"]);
    }));
    verify("keyed", &set);
}

#[test]
fn dynamic_workers_with_tick_and_telemetry() {
    let set = genserver_set(input("Sessions.Worker", |i| {
        i.dynamic = true;
        i.calls = strings(&["fetch"]);
        i.casts = strings(&["put"]);
        i.every = Some(5000);
        i.telemetry = true;
    }));
    verify("dynamic", &set);
}

#[test]
fn dynamic_workers_with_struct_state() {
    let set = genserver_set(input("Carts.Cart", |i| {
        i.dynamic = true;
        i.casts = strings(&["add"]);
        i.state = Some("struct".into());
    }));
    verify("dynamic_struct", &set);
}

#[test]
fn ets_owner_with_ttl() {
    let set = genserver_set(input("Rates.Cache", |i| {
        i.ets = true;
        i.ttl = Some(300_000);
    }));
    verify("ets_ttl", &set);
}

#[test]
fn ets_owner_with_telemetry() {
    let set = genserver_set(input("Geo.Lookup", |i| {
        i.ets = true;
        i.telemetry = true;
    }));
    verify("ets_telemetry", &set);
}

#[test]
fn ets_owner_with_ttl_and_telemetry() {
    let set = genserver_set(input("Rates.Quotes", |i| {
        i.ets = true;
        i.ttl = Some(90_000);
        i.telemetry = true;
    }));
    verify("ets_ttl_telemetry", &set);
}

#[test]
fn supervisor_with_servers_generated_into_it() {
    // One run: the supervisor, then two servers inserted into its init/1
    // (the supervisor file exists only in the change set so far).
    let set = planned("phx_shop", |ctx, set| {
        let mut sup = SupervisorInput::new("Pipeline");
        sup.strategy = Some("rest_for_one".into());
        sup.children = strings(&["Pipeline.Producer"]);
        supervisor::plan_input(ctx, sup, set).unwrap();
        let producer = input("Pipeline.Producer", |i| {
            i.supervisor = Some("Pipeline".into());
            i.calls = strings(&["fetch"]);
        });
        genserver::plan_input(ctx, producer, set).unwrap();
        let consumer = input("Pipeline.Consumer", |i| {
            i.supervisor = Some("Pipeline".into());
            i.dynamic = true;
        });
        genserver::plan_input(ctx, consumer, set).unwrap();
    });
    let sup = set.get("lib/shop/pipeline.ex").unwrap();
    assert!(
        sup.new.contains(
            "      Shop.Pipeline.Producer,\n      {Registry, keys: :unique, name: Shop.Pipeline.ConsumerRegistry},\n"
        ),
        "{}",
        sup.new
    );
    verify("pipeline", &set);
}

#[test]
fn supervisor_without_children() {
    let set = planned("phx_shop", |ctx, set| {
        let mut sup = SupervisorInput::new("Workers");
        sup.strategy = Some("one_for_all".into());
        supervisor::plan_input(ctx, sup, set).unwrap();
    });
    verify("empty_supervisor", &set);
}

/// Whatever the generator accepts is formatter-clean, however long the
/// names: a sweep over module, alias and function name lengths and every
/// kind of server. Each combination either plans files that the real
/// formatter leaves alone (the application with its children included) or
/// is refused as bad input naming the line that would not fit.
#[test]
fn long_names_are_laid_out_or_refused() {
    let root = fixture("phx_shop");
    let project = Project::load(&root, None).unwrap();
    let renderer = Renderer::for_project(&root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut sources: Vec<(String, String)> = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    let kinds: [fn(&mut GenServerInput); 4] = [
        |i| i.every = Some(60_000),
        |i| {
            i.dynamic = true;
            i.telemetry = true;
        },
        |i| {
            i.registry = true;
            i.state = Some("struct".into());
        },
        |i| {
            i.ets = true;
            i.ttl = Some(1000);
            i.telemetry = true;
            i.calls.clear();
            i.casts.clear();
        },
    ];
    for (k, kind) in kinds.iter().enumerate() {
        for alias_len in [8, 24, 40, 64] {
            for fun_len in [4, 20, 32, 48] {
                let alias = format!("A{}", "b".repeat(alias_len - 1));
                let module = format!("Integrations.PaymentProviders.{alias}");
                let call = format!("c{}", "x".repeat(fun_len - 1));
                let cast = format!("s{}", "y".repeat(fun_len - 1));
                let mut i = input(&module, |i| {
                    i.calls = vec![call];
                    i.casts = vec![cast];
                });
                kind(&mut i);
                let mut set = ChangeSet::new(&root);
                match genserver::plan_input(&ctx, i, &mut set) {
                    Ok(()) => {
                        accepted += 1;
                        for f in set.files() {
                            let name = format!("{k}_{alias_len}_{fun_len}/{}", f.path);
                            sources.push((name, f.new.clone()));
                        }
                    }
                    Err(e) => {
                        assert!(
                            alias_len > 24 || fun_len > 32,
                            "names of realistic length are refused: {e}"
                        );
                        refused += 1;
                        assert_eq!(e.code(), 2, "{e}");
                        let why = e.to_string();
                        assert!(
                            why.contains("more than the formatter's 98")
                                || why.contains("too long"),
                            "{why}"
                        );
                    }
                }
            }
        }
    }
    assert!(
        accepted > 0 && refused > 0,
        "accepted {accepted}, refused {refused}"
    );
    let borrowed: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    common::elixir::check_sources(&borrowed);
}
