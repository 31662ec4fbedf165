//! Every generated migration, read by the real Elixir parser: each
//! `references(...)` column has an index on that column, and each identity
//! of the resource has a unique index with the name AshPostgres expects.
//! Also: the layout of migration statements against the real formatter
//! for many identifier lengths.
mod common;

use common::elixir::check_sources;
use common::project::copy_fixture;
use scaffold::changes::ChangeSet;
use scaffold::generators::migration::{self, Call, Clock, Expr, Stmt, UtcDateTime};
use scaffold::generators::Context;
use scaffold::project::Project;
use scaffold::render::Renderer;
use scaffold::spec::migration::{MigrationInput, MigrationSpec};
use scaffold::spec::{
    KnownResource, ModuleName, PrimaryKey, ProjectContext, ResourceInput, ResourceSpec, TableName,
};
use std::collections::BTreeSet;
use std::process::Command;

/// Prints, for each file, `ref TABLE COLUMN` for every `add COLUMN,
/// references(...)` and `index TABLE COLS UNIQUE NAME` for every
/// `create index/unique_index`, walking the quoted AST.
const ANALYZER: &str = r##"
defmodule Analyze do
  def run(path) do
    {:ok, ast} = path |> File.read!() |> Code.string_to_quoted()
    {_, acc} = Macro.prewalk(ast, {nil, []}, &visit/2)
    acc |> elem(1) |> Enum.reverse() |> Enum.each(&IO.puts/1)
  end

  defp visit({verb, _, [{:table, _, [table | _]} | _]} = node, {_, acc}) when verb in [:create, :alter],
    do: {node, {table, acc}}

  defp visit({:add, _, [col, {:references, _, _} | _]} = node, {table, acc}),
    do: {node, {table, ["ref #{table} #{col}" | acc]}}

  defp visit({:create, _, [{kind, _, [table, cols | rest]}]} = node, {t, acc})
       when kind in [:index, :unique_index] do
    opts = List.first(rest) || []
    name = Keyword.get(opts, :name, "#{table}_#{Enum.join(cols, "_")}_index")
    line = "index #{table} #{Enum.join(cols, ",")} #{kind == :unique_index} #{name}"
    {node, {t, [line | acc]}}
  end

  defp visit(node, acc), do: {node, acc}
end

for path <- System.argv(), do: Analyze.run(path)
"##;

fn elixir_available() -> bool {
    let ok = Command::new("elixir")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok && std::env::var("SCAFFOLD_REQUIRE_ELIXIR").as_deref() == Ok("1") {
        panic!("elixir is required (SCAFFOLD_REQUIRE_ELIXIR=1)");
    }
    ok
}

/// (references, indexes) per the real parser: `(table, column)` and
/// `(table, columns, unique, name)`.
type Facts = (
    BTreeSet<(String, String)>,
    Vec<(String, String, bool, String)>,
);

fn analyze(sources: &[(String, String)]) -> Option<Facts> {
    if !elixir_available() {
        eprintln!("note: `elixir` not found; skipping the index analysis");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("analyze.exs");
    std::fs::write(&script, ANALYZER).unwrap();
    let mut cmd = Command::new("elixir");
    cmd.arg(&script);
    for (i, (_, text)) in sources.iter().enumerate() {
        let p = dir.path().join(format!("m{i}.exs"));
        std::fs::write(&p, text).unwrap();
        cmd.arg(p);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut refs = BTreeSet::new();
    let mut indexes = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        match parts.as_slice() {
            ["ref", t, c] => {
                refs.insert((t.to_string(), c.to_string()));
            }
            ["index", t, cols, unique, name] => indexes.push((
                t.to_string(),
                cols.to_string(),
                *unique == "true",
                name.to_string(),
            )),
            _ => panic!("unexpected analyzer line {line}"),
        }
    }
    Some((refs, indexes))
}

fn clock() -> Clock {
    Clock::Fixed(UtcDateTime::parse_compact("20260101120000").unwrap())
}

fn resource(module: &str, fields: &[&str], pk: &str) -> ResourceSpec {
    let mut ctx = ProjectContext::new("shop").unwrap();
    ctx.known_resources = Some(vec![
        KnownResource {
            module: ModuleName::parse("Shop.Accounts.User").unwrap(),
            table: Some(TableName::parse("users").unwrap()),
            primary_key: Some(PrimaryKey::UuidV7),
        },
        KnownResource {
            module: ModuleName::parse("Shop.Catalog.Category").unwrap(),
            table: Some(TableName::parse("categories").unwrap()),
            primary_key: Some(PrimaryKey::Integer),
        },
    ]);
    let mut input = ResourceInput::new(module, fields.iter().copied());
    input.primary_key = Some(pk.into());
    ResourceSpec::build(input, &ctx).unwrap()
}

#[test]
fn every_reference_and_identity_is_indexed() {
    let specs = vec![
        resource(
            "Blog.Post",
            &[
                "title:string:required",
                "slug:string:unique",
                "author:belongs_to:Accounts.User:required",
                "category:belongs_to:Catalog.Category",
            ],
            "uuid_v7",
        ),
        resource(
            "Blog.Comment",
            &[
                "body:text",
                "post:belongs_to:Blog.Post:on_delete=delete",
                "parent:belongs_to:Blog.Comment",
                "code:string:unique",
                "email:ci_string:unique",
            ],
            "integer",
        ),
        resource(
            "Catalog.Product",
            &[
                "sku:string:unique",
                "title:string:index",
                "vendor:belongs_to:Accounts.User:on_delete=nothing",
            ],
            "uuid",
        ),
    ];
    let dir = copy_fixture("ash_shop");
    let project = Project::discover(Some(dir.path()), dir.path(), None).unwrap();
    let renderer = Renderer::for_project(&project.root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    for s in &specs {
        migration::plan_resource_with(&ctx, s, &mut set, clock()).unwrap();
    }
    // Standalone migrations too.
    for input in [
        MigrationInput {
            name: "create_tags".into(),
            ops: vec![
                "name:string:unique".into(),
                "owner_id:references:users:type=uuid".into(),
            ],
            ..Default::default()
        },
        MigrationInput {
            name: "add_author_to_notes".into(),
            ops: vec![
                "notes.author_id:references:users:required".into(),
                "notes.title:string:index".into(),
            ],
            unique_index: vec!["notes.slug,locale".into()],
            ..Default::default()
        },
    ] {
        let spec = MigrationSpec::build(input).unwrap();
        migration::plan_standalone(&ctx, &spec, clock(), &mut set).unwrap();
    }
    let sources: Vec<(String, String)> = set
        .files()
        .filter(|f| f.path.ends_with(".exs"))
        .map(|f| (f.path.clone(), f.new.clone()))
        .collect();
    assert_eq!(
        sources.len(),
        5,
        "{:?}",
        sources.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    let as_refs: Vec<(&str, &str)> = sources
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    check_sources(&as_refs);
    let Some((refs, indexes)) = analyze(&sources) else {
        return;
    };
    assert_eq!(refs.len(), 7, "{refs:?}");
    for (table, column) in &refs {
        assert!(
            indexes.iter().any(
                |(t, cols, _, _)| t == table && cols.split(',').next() == Some(column.as_str())
            ),
            "{table}.{column} references another table but has no index: {indexes:?}"
        );
    }
    for s in &specs {
        let table = s.table.as_ref().unwrap().to_string();
        for identity in &s.identities {
            let expected = format!("{table}_{}_index", identity.name);
            let keys: Vec<&str> = identity.keys.iter().map(|k| k.as_str()).collect();
            assert!(
                indexes.iter().any(|(t, cols, unique, name)| *t == table
                    && *unique
                    && *name == expected
                    && *cols == keys.join(",")),
                "identity {} of {table} has no unique index named {expected}: {indexes:?}",
                identity.name
            );
        }
    }
    assert!(indexes.iter().any(|(t, c, u, n)| t == "notes"
        && c == "slug,locale"
        && *u
        && n == "notes_slug_locale_index"));
}

/// A deterministic stream of identifier lengths.
fn lengths(seed: u64, n: usize) -> Vec<usize> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            1 + ((x >> 33) % 62) as usize
        })
        .collect()
}

fn ident(prefix: &str, len: usize) -> String {
    let mut s = prefix.to_string();
    while s.len() < len {
        s.push('x');
    }
    s.truncate(len.max(prefix.len()));
    s
}

#[test]
fn statement_layout_matches_the_formatter() {
    // Hundreds of statements with names of every length, in the shapes the
    // generators use; the formatter must leave the file as it is.
    let ls = lengths(7, 600);
    let mut body = Vec::new();
    let mut i = 0;
    let mut next = || {
        i += 1;
        ls[i % ls.len()]
    };
    let mut adds = Vec::new();
    for k in 0..60 {
        let col = ident("c", next());
        let table = ident("t", next());
        let fkey = ident("f", next());
        let reference = Expr::Call(Call::new(
            "references",
            vec![Expr::raw(format!(":{table}"))],
            vec![
                ("column".into(), Expr::raw(":id")),
                ("name".into(), Expr::raw(format!("\"{fkey}\""))),
                ("type".into(), Expr::raw(":uuid")),
                ("prefix".into(), Expr::raw("\"public\"")),
                ("on_delete".into(), Expr::raw(":delete_all")),
            ],
        ));
        let mut kws = vec![];
        if k % 2 == 0 {
            kws.push(("null", Expr::raw("false")));
        }
        adds.push(Stmt::call(
            "add",
            vec![Expr::raw(format!(":{col}")), reference],
            kws,
        ));
        let ty = if k % 3 == 0 {
            "{:array, :text}".to_string()
        } else {
            ":utc_datetime_usec".to_string()
        };
        let default = format!("fragment(\"{}\")", ident("d", next()));
        let mut kws = vec![("null", Expr::raw("false"))];
        if k % 4 != 1 {
            kws.push(("default", Expr::raw(default)));
        }
        adds.push(Stmt::call(
            "add",
            vec![Expr::raw(format!(":{}", ident("a", next()))), Expr::raw(ty)],
            kws,
        ));
    }
    let table = ident("tbl", next());
    body.push(vec![Stmt::block(
        "create",
        vec![Expr::Call(Call::new(
            "table",
            vec![Expr::raw(format!(":{table}"))],
            vec![("primary_key".into(), Expr::raw("false"))],
        ))],
        adds,
    )]);
    let mut indexes = Vec::new();
    for k in 0..120 {
        let t = ident("t", next());
        let cols: Vec<String> = (0..(1 + k % 3)).map(|_| ident("c", next())).collect();
        let mut kws: Vec<(String, Expr)> = Vec::new();
        if k % 2 == 0 {
            kws.push((
                "name".into(),
                Expr::raw(format!("\"{}\"", ident("n", next()))),
            ));
        }
        if k % 5 == 0 {
            kws.push(("concurrently".into(), Expr::raw("true")));
        }
        let call = Expr::Call(Call::new(
            if k % 2 == 0 { "unique_index" } else { "index" },
            vec![Expr::raw(format!(":{t}")), Expr::atoms(&cols)],
            kws,
        ));
        let verb = ["create", "drop", "drop_if_exists"][k % 3];
        indexes.push(Stmt::call(verb, vec![call], vec![]));
    }
    body.push(indexes);
    // Single-line statements 96 to 99 columns wide between short ones: the
    // formatter sets apart a statement that fills the width exactly.
    let mut edge = Vec::new();
    for width in 96..=99 {
        // 4 + "create index(:" + table + ", [:a])" == width
        let table = ident("w", width - 4 - "create index(:".len() - ", [:a])".len());
        edge.push(Stmt::call(
            "create",
            vec![Expr::Call(Call::new(
                "index",
                vec![Expr::raw("\":a\"".replace('"', "")), Expr::atoms(["a"])],
                vec![],
            ))],
            vec![],
        ));
        edge.push(Stmt::call(
            "create",
            vec![Expr::Call(Call::new(
                "index",
                vec![Expr::raw(format!(":{table}")), Expr::atoms(["a"])],
                vec![],
            ))],
            vec![],
        ));
    }
    body.push(edge);
    let mut alter = Vec::new();
    for k in 0..40 {
        let mut kws = vec![];
        if k % 2 == 0 {
            kws.push(("null", Expr::raw("false")));
        }
        alter.push(Stmt::call(
            "remove",
            vec![
                Expr::raw(format!(":{}", ident("r", next()))),
                Expr::raw(":text"),
            ],
            kws,
        ));
    }
    body.push(vec![Stmt::block(
        "alter",
        vec![Expr::Call(Call::new(
            "table",
            vec![Expr::raw(format!(":{}", ident("t", next())))],
            vec![],
        ))],
        alter,
    )]);
    let text = format!(
        "defmodule M do\n  use Ecto.Migration\n\n  def change do\n    {}\n  end\nend\n",
        migration::layout_groups(&body, 4)
    );
    check_sources(&[("layout.exs", &text)]);
}

#[test]
fn statement_layout_at_every_width_near_the_limit() {
    // Each shape the generators emit, with one name stretched so the flat
    // statement is 90 to 106 columns wide, after a short statement (the
    // formatter decides blank lines from the width too).
    type Shape = Box<dyn Fn(&str) -> Stmt>;
    let reference = |t: &str, kws: Vec<(&str, &str)>| {
        Expr::Call(Call::new(
            "references",
            vec![Expr::raw(format!(":{t}"))],
            kws.into_iter()
                .map(|(k, v)| (k.to_string(), Expr::raw(v)))
                .collect(),
        ))
    };
    let shapes: Vec<(usize, Shape)> = vec![
        (
            4,
            Box::new(|n| {
                Stmt::call(
                    "create",
                    vec![Expr::Call(Call::new(
                        "index",
                        vec![Expr::raw(format!(":{n}")), Expr::atoms(["a"])],
                        vec![],
                    ))],
                    vec![],
                )
            }),
        ),
        (
            4,
            Box::new(|n| {
                Stmt::call(
                    "create",
                    vec![Expr::Call(Call::new(
                        "index",
                        vec![Expr::raw(":posts"), Expr::atoms(["a", n])],
                        vec![],
                    ))],
                    vec![],
                )
            }),
        ),
        (
            4,
            Box::new(|n| {
                Stmt::call(
                    "create",
                    vec![Expr::Call(Call::new(
                        "index",
                        vec![Expr::raw(format!(":{n}")), Expr::atoms(["a"])],
                        vec![("concurrently".into(), Expr::raw("true"))],
                    ))],
                    vec![],
                )
            }),
        ),
        (
            4,
            Box::new(|n| {
                Stmt::call(
                    "drop_if_exists",
                    vec![Expr::Call(Call::new(
                        "unique_index",
                        vec![Expr::raw(":posts"), Expr::atoms(["slug"])],
                        vec![("name".into(), Expr::raw(format!("\"{n}\"")))],
                    ))],
                    vec![],
                )
            }),
        ),
        (
            4,
            Box::new(|n| {
                Stmt::block(
                    "create",
                    vec![Expr::Call(Call::new(
                        "table",
                        vec![Expr::raw(format!(":{n}"))],
                        vec![("primary_key".into(), Expr::raw("false"))],
                    ))],
                    vec![Stmt::call(
                        "add",
                        vec![Expr::raw(":a"), Expr::raw(":text")],
                        vec![],
                    )],
                )
            }),
        ),
        (
            4,
            Box::new(|n| {
                Stmt::block(
                    "alter",
                    vec![Expr::Call(Call::new(
                        "table",
                        vec![Expr::raw(format!(":{n}"))],
                        vec![],
                    ))],
                    vec![Stmt::call(
                        "add",
                        vec![Expr::raw(":a"), Expr::raw(":text")],
                        vec![],
                    )],
                )
            }),
        ),
        (
            6,
            Box::new(move |n| {
                Stmt::call(
                    "add",
                    vec![
                        Expr::raw(":c"),
                        reference(n, vec![("column", ":id"), ("type", ":uuid")]),
                    ],
                    vec![],
                )
            }),
        ),
        (
            6,
            Box::new(move |n| {
                Stmt::call(
                    "add",
                    vec![
                        Expr::raw(":c"),
                        reference(n, vec![("column", ":id"), ("type", ":uuid")]),
                    ],
                    vec![("null", Expr::raw("false"))],
                )
            }),
        ),
        (
            6,
            Box::new(move |n| {
                Stmt::call(
                    "add",
                    vec![
                        Expr::raw(format!(":{n}")),
                        reference(
                            "users",
                            vec![
                                ("column", ":id"),
                                ("name", "\"posts_author_id_fkey\""),
                                ("type", ":uuid"),
                            ],
                        ),
                    ],
                    vec![],
                )
            }),
        ),
        (
            6,
            Box::new(|n| {
                Stmt::call(
                    "add",
                    vec![Expr::raw(":x"), Expr::raw(":text")],
                    vec![
                        ("null", Expr::raw("false")),
                        ("default", Expr::raw(format!("\"{n}\""))),
                    ],
                )
            }),
        ),
        (
            6,
            Box::new(|n| {
                Stmt::call(
                    "add",
                    vec![Expr::raw(format!(":{n}")), Expr::raw("{:array, :text}")],
                    vec![],
                )
            }),
        ),
        (
            6,
            Box::new(|n| {
                Stmt::call(
                    "remove",
                    vec![Expr::raw(format!(":{n}")), Expr::raw(":utc_datetime")],
                    vec![("null", Expr::raw("false"))],
                )
            }),
        ),
        (
            4,
            Box::new(|n| {
                Stmt::Expr(Expr::Call(Call::new(
                    "execute",
                    vec![Expr::raw(format!("\"{n}\""))],
                    vec![],
                )))
            }),
        ),
    ];
    let mut text = String::from("defmodule M do\n  use Ecto.Migration\n\n  def change do\n    create table(:wrap) do\n      add :z, :text\n    end\n");
    for (column, shape) in &shapes {
        let fixed = shape("n").layout(*column).lines().next().unwrap().len() - 1;
        let mut body = Vec::new();
        for width in 90..=106usize {
            let n = ident("n", width - column - fixed);
            body.push(Stmt::call(
                "add",
                vec![Expr::raw(":a"), Expr::raw(":text")],
                vec![],
            ));
            body.push(shape(&n));
        }
        let laid = migration::layout_groups(&[body], *column);
        if *column == 6 {
            text.push_str(&format!(
                "\n    alter table(:t) do\n      {laid}\n    end\n"
            ));
        } else {
            text.push_str(&format!("\n    {laid}\n"));
        }
    }
    text.push_str("  end\nend\n");
    check_sources(&[("widths.exs", &text)]);
    same_as_formatted_from_compact(&text);
}

/// The formatter keeps blank lines it finds, so a formatter check cannot
/// see a blank line too many. Format the text without any blank lines and
/// compare: every blank line must be one the formatter puts there itself.
fn same_as_formatted_from_compact(text: &str) {
    if !elixir_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.exs");
    std::fs::write(&input, text).unwrap();
    let script = dir.path().join("compact.exs");
    let locals = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/elixir/locals_without_parens.exs"
    );
    std::fs::write(
        &script,
        format!(
            r#"{{locals, _}} = Code.eval_file({locals:?})
text = File.read!(System.argv() |> hd())
compact = text |> String.split("\n") |> Enum.reject(&(String.trim(&1) == "")) |> Enum.join("\n")
IO.write(IO.iodata_to_binary(Code.format_string!(compact, locals_without_parens: locals)) <> "\n")
"#
        ),
    )
    .unwrap();
    let out = Command::new("elixir")
        .arg(&script)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let formatted = String::from_utf8(out.stdout).unwrap();
    if formatted != text {
        let first = formatted
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let show = |s: &str| {
            s.lines()
                .skip(first.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "blank lines differ near line {}:\nformatter:\n{}\nours:\n{}",
            first + 1,
            show(&formatted),
            show(text)
        );
    }
}

#[test]
fn index_migrations_for_other_tools() {
    let dir = copy_fixture("phx_shop");
    let project = Project::discover(Some(dir.path()), dir.path(), None).unwrap();
    let renderer = Renderer::for_project(&project.root);
    let ctx = Context {
        project: &project,
        renderer: &renderer,
    };
    let mut set = ChangeSet::new(&project.root);
    let path = migration::plan_index_migration_with(
        &ctx,
        "posts",
        &["author_id"],
        false,
        true,
        &mut set,
        clock(),
    )
    .unwrap();
    assert_eq!(
        path,
        "priv/repo/migrations/20260101120000_add_posts_author_id_index.exs"
    );
    let unique = migration::plan_index_migration_with(
        &ctx,
        "posts",
        &["slug", "locale"],
        true,
        false,
        &mut set,
        clock(),
    )
    .unwrap();
    assert_eq!(
        unique,
        "priv/repo/migrations/20260101120001_add_posts_slug_locale_unique_index.exs"
    );
    let text = set.get(&path).unwrap().new.clone();
    assert_eq!(
        text,
        "defmodule Shop.Repo.Migrations.AddPostsAuthorIdIndex do\n  use Ecto.Migration\n\n  @disable_ddl_transaction true\n  @disable_migration_lock true\n\n  def change do\n    create index(:posts, [:author_id], concurrently: true)\n  end\nend\n"
    );
    let unique_text = set.get(&unique).unwrap().new.clone();
    assert!(
        unique_text.contains("create unique_index(:posts, [:slug, :locale])\n"),
        "{unique_text}"
    );
    check_sources(&[("a.exs", &text), ("b.exs", &unique_text)]);
    // Planned again (same run or later): the same file, no second one.
    let again = migration::plan_index_migration_with(
        &ctx,
        "posts",
        &["author_id"],
        false,
        true,
        &mut set,
        clock(),
    )
    .unwrap();
    assert_eq!(again, path);
    assert_eq!(set.files().count(), 2);
    let err = migration::plan_index_migration_with(
        &ctx,
        "Posts",
        &["x"],
        false,
        false,
        &mut set,
        clock(),
    )
    .unwrap_err();
    assert_eq!(err.code(), 2);
}
