//! The real Elixir in the loop: every literal the spec renders must
//! evaluate to exactly the user's value (and nothing else), and the DSL
//! lines it precomputes must parse and be formatter-clean in a resource.
mod common;

use std::fmt::Write as _;
use std::process::Command;

use scaffold::spec::literal;
use scaffold::spec::{Field, FieldKind, ProjectContext, ResourceInput, ResourceSpec};

fn elixir_available() -> bool {
    let found = Command::new("elixir")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var("SCAFFOLD_REQUIRE_ELIXIR").as_deref() == Ok("1") {
        panic!("`elixir` is not installed but SCAFFOLD_REQUIRE_ELIXIR=1");
    }
    found
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// How a case is judged.
enum Expect<'a> {
    /// The code evaluates to this exact binary.
    Bytes(&'a str),
    /// `inspect/1` of the value is this text.
    Inspect(&'a str),
    /// The code parses (the value needs a library we do not load).
    Parses,
}

const SCRIPT: &str = r##"
[list] = System.argv()
failures =
  list
  |> File.read!()
  |> String.split("\n", trim: true)
  |> Enum.flat_map(fn line ->
    [mode, code_hex, expected_hex] = String.split(line, "\t")
    code = Base.decode16!(code_hex, case: :lower)
    expected = Base.decode16!(expected_hex, case: :lower)
    case mode do
      "parse" ->
        case Code.string_to_quoted(code) do
          {:ok, _} -> []
          error -> ["PARSE #{code}: #{inspect(error)}"]
        end
      _ ->
        {value, _} = Code.eval_string(code)
        actual = if mode == "bytes", do: value, else: inspect(value)
        if actual == expected, do: [], else: ["#{mode} #{code}: got #{inspect(actual)}, want #{inspect(expected)}"]
    end
  end)
Enum.each(failures, &IO.puts/1)
if failures != [], do: System.halt(1), else: IO.puts("ok")
"##;

fn check_literals(cases: &[(String, Expect)]) {
    if !elixir_available() {
        eprintln!("note: `elixir` not found; skipping literal evaluation");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut list = String::new();
    for (code, expect) in cases {
        let (mode, expected) = match expect {
            Expect::Bytes(s) => ("bytes", *s),
            Expect::Inspect(s) => ("inspect", *s),
            Expect::Parses => ("parse", ""),
        };
        writeln!(list, "{mode}\t{}\t{}", hex(code), hex(expected)).unwrap();
    }
    let list_path = dir.path().join("cases.txt");
    let script_path = dir.path().join("check.exs");
    std::fs::write(&list_path, list).unwrap();
    std::fs::write(&script_path, SCRIPT).unwrap();
    let out = Command::new("elixir")
        .arg(&script_path)
        .arg(&list_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "Elixir disagreed (exit {:?}):\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn default_code(field: &str) -> String {
    match Field::parse(field)
        .unwrap_or_else(|e| panic!("{field}: {e}"))
        .kind
    {
        FieldKind::Attribute(a) => a.default_code().expect("a default"),
        FieldKind::Relationship(_) => panic!("{field} is a relationship"),
    }
}

#[test]
fn string_literals_evaluate_to_the_input_and_nothing_else() {
    let payloads = [
        "plain",
        "\"); System.halt(3); (\"",
        "\\\"); System.halt(3); (\"",
        "#{System.halt(3)}",
        "\\#{System.halt(3)}",
        "a\nend\nSystem.halt(3)\n\"",
        "tab\there\r\n",
        "\u{202E}reversed\u{202C} and \u{200B}zero width",
        "bell\u{7} del\u{7F} nul\u{0}",
        "quotes ' \" ` and ~s sigils ~S[x]",
        "émoji 🎉 café",
        "#",
        "{",
        "#{",
        "\\",
    ];
    let mut cases: Vec<(String, Expect)> = payloads
        .iter()
        .map(|p| (literal::string(p), Expect::Bytes(p)))
        .collect();
    // Through the field syntax too, quoted and bare.
    for p in payloads.iter().filter(|p| !p.is_empty()) {
        let quoted = format!(
            "t:string:default=\"{}\"",
            p.replace('\\', "\\\\").replace('"', "\\\"")
        );
        cases.push((default_code(&quoted), Expect::Bytes(p)));
    }
    cases.push((
        default_code(r#"title:string:default=\"); System.cmd("rm")"#),
        Expect::Bytes(r#"\"); System.cmd("rm")"#),
    ));
    check_literals(&cases);
}

#[test]
fn typed_defaults_evaluate() {
    let cases: Vec<(String, Expect)> = vec![
        (
            default_code("n:integer:default=-42"),
            Expect::Inspect("-42"),
        ),
        (default_code("r:float:default=1"), Expect::Inspect("1.0")),
        (
            default_code("r:float:default=1e20"),
            Expect::Inspect("1.0e20"),
        ),
        (default_code("r:float:default=0.1"), Expect::Inspect("0.1")),
        (
            default_code("b:boolean:default=true"),
            Expect::Inspect("true"),
        ),
        (
            default_code("s:atom:draft,in_review:default=in_review"),
            Expect::Inspect(":in_review"),
        ),
        (
            default_code("d:date:default=2024-02-29"),
            Expect::Inspect("~D[2024-02-29]"),
        ),
        (
            default_code("t:time:default=09:30"),
            Expect::Inspect("~T[09:30:00]"),
        ),
        (
            default_code("u:utc_datetime:default=2024-01-31T09:30:00Z"),
            Expect::Inspect("~U[2024-01-31 09:30:00Z]"),
        ),
        (
            default_code("u:utc_datetime_usec:default=2024-01-31 09:30:00.123456+00:00"),
            Expect::Inspect("~U[2024-01-31 09:30:00.123456Z]"),
        ),
        (
            default_code("n:naive_datetime:default=2024-01-31T09:30:00"),
            Expect::Inspect("~N[2024-01-31 09:30:00]"),
        ),
        (
            default_code("d:date:default=today"),
            Expect::Inspect("&Date.utc_today/0"),
        ),
        (
            default_code("u:utc_datetime:default=now"),
            Expect::Inspect("&DateTime.utc_now/0"),
        ),
        (
            default_code("n:naive_datetime:default=now"),
            Expect::Inspect("&NaiveDateTime.utc_now/0"),
        ),
        (
            default_code("t:time:default=now"),
            Expect::Inspect("&Time.utc_now/0"),
        ),
        (
            default_code("x:array:string:default=[]"),
            Expect::Inspect("[]"),
        ),
        (default_code("p:decimal:default=-9.99"), Expect::Parses),
        (
            literal::atom("with space"),
            Expect::Inspect(":\"with space\""),
        ),
        (literal::atom("ok?"), Expect::Inspect(":ok?")),
        (literal::float(1.5e-7), Expect::Inspect("1.5e-7")),
    ];
    check_literals(&cases);
}

/// Lays out a resource and its domain the way a template would: only
/// interpolating precomputed strings.
fn render(spec: &ResourceSpec) -> (String, String) {
    let mut r = String::new();
    writeln!(r, "defmodule {} do", spec.names.module).unwrap();
    writeln!(r, "  {}", spec.use_code).unwrap();
    if let Some(table) = &spec.table {
        writeln!(r, "\n  postgres do").unwrap();
        writeln!(r, "    table {}", literal::string(table.as_str())).unwrap();
        writeln!(r, "    repo {}", spec.repo_module).unwrap();
        if !spec.references_body.is_empty() {
            writeln!(
                r,
                "\n    references do\n      {}\n    end",
                spec.references_body
            )
            .unwrap();
        }
        if !spec.custom_indexes_body.is_empty() {
            writeln!(
                r,
                "\n    custom_indexes do\n      {}\n    end",
                spec.custom_indexes_body
            )
            .unwrap();
        }
        writeln!(r, "  end").unwrap();
    }
    writeln!(r, "\n  actions do\n    {}\n  end", spec.actions.body).unwrap();
    writeln!(r, "\n  attributes do\n    {}\n  end", spec.attributes_body).unwrap();
    if !spec.relationships_body.is_empty() {
        writeln!(
            r,
            "\n  relationships do\n    {}\n  end",
            spec.relationships_body
        )
        .unwrap();
    }
    if !spec.identities_body.is_empty() {
        writeln!(r, "\n  identities do\n    {}\n  end", spec.identities_body).unwrap();
    }
    writeln!(r, "end").unwrap();

    let mut d = String::new();
    if let Some(domain) = &spec.domain {
        writeln!(d, "defmodule {} do", domain.module).unwrap();
        writeln!(d, "  use Ash.Domain, otp_app: {}\n", spec.app.atom()).unwrap();
        writeln!(d, "  resources do\n    resource {} do", spec.names.module).unwrap();
        writeln!(d, "      {}", spec.interface_body).unwrap();
        writeln!(d, "    end\n  end\nend").unwrap();
    }
    (r, d)
}

fn check_spec(spec: &ResourceSpec) {
    let (resource, domain) = render(spec);
    let problems = common::ash_dsl::validate_resource(&resource);
    assert!(problems.is_empty(), "{resource}\n{problems:#?}");
    if !domain.is_empty() {
        let problems = common::ash_dsl::validate_domain(&domain);
        assert!(problems.is_empty(), "{domain}\n{problems:#?}");
    }
    let mut files = vec![("resource.ex", resource.as_str())];
    if !domain.is_empty() {
        files.push(("domain.ex", domain.as_str()));
    }
    common::elixir::check_sources(&files);
}

#[test]
fn precomputed_dsl_is_parsable_and_formatted() {
    let ctx = ProjectContext::new("shop").unwrap();
    let mut input = ResourceInput::new(
        "Blog.Post",
        [
            "title:string:required",
            "slug:ci_string:unique",
            "body:text:default=\"Hello \\\"#{world}\\\"\"",
            "views:integer:index:default=0",
            "status:atom:draft,published:default=draft",
            "kinds:array:atom:news,event:default=[]",
            "price:decimal:default=9.99",
            "published_at:utc_datetime_usec:default=now",
            "secret:string:sensitive:private:default=x",
            "author:belongs_to:Accounts.User:required:on_delete=delete",
            "comments:has_many:Comment",
            "tags:many_to_many:Tag:through=PostTag:private",
        ],
    );
    input.policies = true;
    check_spec(&ResourceSpec::build(input, &ctx).unwrap());

    let mut input = ResourceInput::new("Catalog.Item", ["name", "parent:belongs_to:Item"]);
    input.primary_key = Some("integer".into());
    input.actions = Some(vec!["read".into(), "create".into()]);
    let spec = ResourceSpec::build(input, &ctx).unwrap();
    let (resource, domain) = render(&spec);
    common::elixir::check_sources(&[
        ("item.ex", resource.as_str()),
        ("catalog.ex", domain.as_str()),
    ]);
}

#[test]
fn long_names_and_many_fields_stay_formatter_clean() {
    let ctx = ProjectContext::new("shop").unwrap();
    let long = "a_rather_long_attribute_name_that_goes_on_and_on_for_a_while";
    let long_field = format!("{long}:array:utc_datetime_usec");
    let long_atom = format!(
        "status:atom:draft,published,archived,deleted,pending_review,in_review,rejected,approved,{long}"
    );
    let long_array_atom =
        "kinds:array:atom:news,event,announcement,obituary,classified,editorial,review";
    let long_unique = format!("{}:string:unique", &long[..20]);
    let owner = "owner:belongs_to:Accounts.User:on_delete=delete:index".to_string();
    let mut fields: Vec<String> = (1..=14)
        .map(|i| format!("field_number_{i}:string"))
        .collect();
    fields.extend([
        long_field,
        long_atom,
        long_array_atom.to_string(),
        long_unique,
        owner,
    ]);
    let mut input = ResourceInput::new("Publishing.EditorialArticle", fields);
    input.policies = true;
    check_spec(&ResourceSpec::build(input, &ctx).unwrap());

    // Without Postgres there are no index names to limit the length, and
    // identities get `pre_check?: true`.
    let mut ets = ctx.clone();
    ets.has_postgres = false;
    let input = ResourceInput::new(
        "Publishing.Item",
        [
            format!("{long}:string:unique"),
            format!("{}:belongs_to:Accounts.User", &long[..50]),
            "name".to_string(),
        ],
    );
    check_spec(&ResourceSpec::build(input, &ets).unwrap());

    // Very long resource and plural names stretch the interface lines.
    let mut input = ResourceInput::new(
        "Publishing.ExtraordinarilyVerboseContentManagementDocumentRevision",
        ["title"],
    );
    input.actions = None;
    check_spec(&ResourceSpec::build(input, &ctx).unwrap());
}

/// A tiny deterministic generator, so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn name(&mut self, max: usize) -> String {
        let len = 1 + self.below(max);
        let mut s = String::from("n");
        while s.len() < len {
            s.push(if self.below(6) == 0 {
                '_'
            } else {
                (b'a' + self.below(26) as u8) as char
            });
        }
        s.trim_end_matches('_').to_string()
    }
}

#[test]
fn random_specs_are_formatter_clean() {
    let ctx = ProjectContext::new("shop").unwrap();
    let mut ets = ctx.clone();
    ets.has_postgres = false;
    let types = [
        "string",
        "text",
        "integer",
        "boolean",
        "utc_datetime_usec",
        "decimal",
        "map",
        "uuid",
        "array:string",
        "array:utc_datetime_usec",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut rendered = Vec::new();
    for round in 0..60 {
        let postgres = round % 2 == 0;
        // Postgres keeps index names short, so long names go to ETS.
        let max = if postgres { 14 } else { 55 };
        let mut fields = Vec::new();
        let mut used = std::collections::HashSet::new();
        for _ in 0..1 + rng.below(14) {
            let name = format!("{}_{}", rng.name(max), fields.len());
            if !used.insert(name.clone()) {
                continue;
            }
            let field = match rng.below(8) {
                0 => {
                    let values: Vec<String> = (0..1 + rng.below(12))
                        .map(|i| format!("{}_{i}", rng.name(max)))
                        .collect();
                    let array = if rng.below(2) == 0 { "array:" } else { "" };
                    format!("{name}:{array}atom:{}", values.join(","))
                }
                1 => format!(
                    "{name}:belongs_to:Accounts.{}",
                    ["User", "Team", "Organization"][rng.below(3)]
                ),
                2 => format!("{name}:has_many:Blog.Comment"),
                _ => {
                    let ty = types[rng.below(types.len())];
                    let mut f = format!("{name}:{ty}");
                    if rng.below(3) == 0 {
                        f.push_str(":required");
                    }
                    if rng.below(4) == 0 && matches!(ty, "string" | "integer" | "uuid") {
                        f.push_str(":unique");
                    }
                    if rng.below(4) == 0 {
                        f.push_str(":sensitive");
                    }
                    f
                }
            };
            fields.push(field);
        }
        // Long table names make long constraint names: ETS only.
        let aliases = ["Post", "Tag", "EditorialArticleRevisionHistoryEntry"];
        let module = format!("Blog.{}", aliases[rng.below(if postgres { 2 } else { 3 })]);
        let mut input = ResourceInput::new(module, fields.clone());
        input.policies = rng.below(2) == 0;
        if rng.below(3) == 0 {
            input.primary_key = Some("integer".into());
        }
        let spec = ResourceSpec::build(input, if postgres { &ctx } else { &ets })
            .unwrap_or_else(|e| panic!("{fields:?}: {e}"));
        rendered.push(render(&spec));
    }
    for (resource, domain) in &rendered {
        let problems = common::ash_dsl::validate_resource(resource);
        assert!(problems.is_empty(), "{resource}\n{problems:#?}");
        let problems = common::ash_dsl::validate_domain(domain);
        assert!(problems.is_empty(), "{domain}\n{problems:#?}");
    }
    let files: Vec<(String, &str)> = rendered
        .iter()
        .enumerate()
        .flat_map(|(i, (r, d))| {
            [
                (format!("r{i}.ex"), r.as_str()),
                (format!("d{i}.ex"), d.as_str()),
            ]
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    common::elixir::check_sources(&files);
}
