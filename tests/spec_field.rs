//! The field syntax: valid parses, every error with its hint, canonical
//! round trip.

use proptest::prelude::*;
use scaffold::error::Error;
use scaffold::spec::field::SYNTAX_HELP;
use scaffold::spec::{
    AttrType, Attribute, BaseType, DefaultValue, Field, FieldKind, OnDelete, Relationship,
    RelationshipKind, ScalarType,
};

fn input_err(input: &str) -> (String, String) {
    let e: Error = Field::parse(input).expect_err(input);
    assert_eq!(e.code(), 2, "input errors exit with 2: {e}");
    (
        e.to_string(),
        e.hint().expect("every input error has a hint"),
    )
}

fn attr(input: &str) -> Attribute {
    match Field::parse(input)
        .unwrap_or_else(|e| panic!("{input}: {e}"))
        .kind
    {
        FieldKind::Attribute(a) => a,
        other => panic!("{input}: expected an attribute, got {other:?}"),
    }
}

fn rel(input: &str) -> Relationship {
    match Field::parse(input)
        .unwrap_or_else(|e| panic!("{input}: {e}"))
        .kind
    {
        FieldKind::Relationship(r) => r,
        other => panic!("{input}: expected a relationship, got {other:?}"),
    }
}

fn canonical(input: &str) -> String {
    Field::parse(input)
        .unwrap_or_else(|e| panic!("{input}: {e}"))
        .to_cli()
}

// --- Valid fields -------------------------------------------------------------

#[test]
fn plain_string_field() {
    let f = Field::parse("title:string").unwrap();
    assert_eq!(f.name.as_str(), "title");
    let a = f.attribute().unwrap();
    assert_eq!(a.ty, AttrType::scalar(ScalarType::String));
    assert!(!a.required && !a.unique && !a.index && !a.sensitive && a.public);
    assert_eq!(a.default, None);
    assert_eq!(f.to_cli(), "title:string");
}

#[test]
fn bare_name_is_a_string() {
    assert_eq!(attr("title").ty, AttrType::scalar(ScalarType::String));
    assert_eq!(canonical("title"), "title:string");
}

#[test]
fn every_scalar_type_parses() {
    for t in ScalarType::ALL {
        let a = attr(&format!("x:{}", t.name()));
        assert_eq!(a.ty.scalar_type(), Some(t));
    }
}

#[test]
fn ash_and_migration_types() {
    let text = attr("body:text");
    assert_eq!(text.ty.ash_type(), ":string");
    assert_eq!(text.ty.migration_type(), ":text");
    assert!(text.ty.is_textarea());
    assert_eq!(attr("email:ci_string").ty.ash_type(), ":ci_string");
    assert_eq!(attr("email:ci_string").ty.migration_type(), ":citext");
    assert_eq!(attr("n:integer").ty.migration_type(), ":bigint");
    assert_eq!(attr("tags:array:string").ty.ash_type(), "{:array, :string}");
    assert_eq!(
        attr("tags:array:ci_string").ty.migration_type(),
        "{:array, :citext}"
    );
}

#[test]
fn modifiers() {
    let a = attr("email:ci_string:required:unique:sensitive");
    assert!(a.required && a.unique && a.sensitive && a.public);
    let a = attr("note:string:private:index");
    assert!(!a.public && a.index);
    // Any order in, canonical order out.
    assert_eq!(
        canonical("email:ci_string:sensitive:unique:required"),
        "email:ci_string:required:unique:sensitive"
    );
}

#[test]
fn atom_type_with_values() {
    let a = attr("status:atom:draft,published,archived:default=draft");
    assert_eq!(a.ty.ash_type(), ":atom");
    assert_eq!(
        a.ty.constraints().unwrap(),
        "[one_of: [:draft, :published, :archived]]"
    );
    assert_eq!(a.default_code().unwrap(), ":draft");
    assert_eq!(a.ty.migration_type(), ":text");
}

#[test]
fn array_of_atoms() {
    let a = attr("kinds:array:atom:news,event:default=[]");
    assert!(a.ty.array);
    assert_eq!(a.ty.ash_type(), "{:array, :atom}");
    assert_eq!(
        a.ty.constraints().unwrap(),
        "[items: [one_of: [:news, :event]]]"
    );
    assert_eq!(a.default_code().unwrap(), "[]");
    assert_eq!(a.ty.migration_type(), "{:array, :text}");
}

#[test]
fn typed_defaults_render_as_elixir() {
    let cases = [
        ("views:integer:default=0", "0"),
        ("offset:integer:default=-42", "-42"),
        ("ratio:float:default=1", "1.0"),
        ("ratio:float:default=2.5e3", "2500.0"),
        ("price:decimal:default=9.99", "Decimal.new(\"9.99\")"),
        ("active:boolean:default=false", "false"),
        ("title:string:default=Untitled", "\"Untitled\""),
        ("on:date:default=2024-02-29", "~D[2024-02-29]"),
        ("on:date:default=today", "&Date.utc_today/0"),
        ("at:time:default=09:30", "~T[09:30:00]"),
        ("at:time:default=now", "&Time.utc_now/0"),
        (
            "at:utc_datetime:default=2024-01-31T09:30:00Z",
            "~U[2024-01-31T09:30:00Z]",
        ),
        ("at:utc_datetime:default=now", "&DateTime.utc_now/0"),
        (
            "at:utc_datetime_usec:default=2024-01-31 09:30:00.123456Z",
            "~U[2024-01-31T09:30:00.123456Z]",
        ),
        (
            "at:naive_datetime:default=2024-01-31T09:30:00",
            "~N[2024-01-31T09:30:00]",
        ),
        ("at:naive_datetime:default=now", "&NaiveDateTime.utc_now/0"),
        (
            "ref:uuid:default=7488A646-E31F-11E4-AACE-600308960662",
            "\"7488a646-e31f-11e4-aace-600308960662\"",
        ),
        ("tags:array:string:default=[]", "[]"),
    ];
    for (input, code) in cases {
        assert_eq!(attr(input).default_code().unwrap(), code, "{input}");
    }
}

#[test]
fn required_with_default_is_allowed() {
    let a = attr("views:integer:required:default=0");
    assert!(a.required);
    assert_eq!(a.default, Some(DefaultValue::Integer(0)));
}

#[test]
fn quoted_default_with_colons_and_quotes() {
    let a = attr(r#"note:string:default="Note: \"draft\" \\ ok":required"#);
    assert_eq!(
        a.default,
        Some(DefaultValue::Text(r#"Note: "draft" \ ok"#.into()))
    );
    assert!(a.required);
    assert_eq!(a.default_code().unwrap(), r#""Note: \"draft\" \\ ok""#);
    assert_eq!(
        canonical(r#"note:string:default="Note: \"draft\" \\ ok":required"#),
        r#"note:string:required:default="Note: \"draft\" \\ ok""#
    );
}

#[test]
fn time_defaults_need_no_quotes() {
    assert_eq!(
        canonical("at:time:default=09:30:00:required"),
        "at:time:required:default=09:30:00"
    );
    // A string whose colon is followed by a digit reads on, too.
    assert_eq!(
        attr("v:string:default=v1:2").default,
        Some(DefaultValue::Text("v1:2".into()))
    );
}

#[test]
fn belongs_to_with_options() {
    let r = rel("author:belongs_to:Accounts.User:required:index:on_delete=delete");
    assert_eq!(r.target.as_str(), "Accounts.User");
    assert_eq!(
        r.kind,
        RelationshipKind::BelongsTo {
            required: true,
            index: true,
            on_delete: Some(OnDelete::Delete)
        }
    );
    assert!(r.public);
    assert_eq!(
        canonical("author:belongs_to:Accounts.User:on_delete=delete:index:required"),
        "author:belongs_to:Accounts.User:required:index:on_delete=delete"
    );
}

#[test]
fn other_relationships() {
    assert_eq!(
        rel("comments:has_many:Blog.Comment").kind,
        RelationshipKind::HasMany
    );
    assert_eq!(
        rel("profile:has_one:Shop.Accounts.Profile:private").kind,
        RelationshipKind::HasOne
    );
    assert!(!rel("profile:has_one:Accounts.Profile:private").public);
    let r = rel("tags:many_to_many:Blog.Tag:through=Blog.PostTag");
    match r.kind {
        RelationshipKind::ManyToMany { through } => assert_eq!(through.as_str(), "Blog.PostTag"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        canonical("tags:many_to_many:Tag:private:through=PostTag"),
        "tags:many_to_many:Tag:through=PostTag:private"
    );
}

#[test]
fn syntax_help_documents_every_type() {
    for t in ScalarType::ALL {
        assert!(SYNTAX_HELP.contains(t.name()), "{}", t.name());
    }
    for word in [
        "belongs_to",
        "has_many",
        "has_one",
        "many_to_many",
        "default=",
        "on_delete=",
        "through=",
    ] {
        assert!(SYNTAX_HELP.contains(word), "{word}");
    }
}

// --- Errors ---------------------------------------------------------------------

#[test]
fn unknown_types_suggest_the_closest() {
    for (input, suggestion) in [
        ("title:strng", "string"),
        ("done:bool", "boolean"),
        ("at:datetime", "utc_datetime"),
        ("n:int", "integer"),
        ("title:String", "string"),
        ("data:jsonb", "map"),
        ("status:enum", "atom"),
        ("user:references", "belongs_to"),
        ("comments:has_man", "has_many"),
    ] {
        let (msg, hint) = input_err(input);
        assert!(
            msg.starts_with(&format!("field `{input}`: unknown type")),
            "{msg}"
        );
        assert_eq!(hint, format!("did you mean `{suggestion}`?"), "{input}");
    }
    let (_, hint) = input_err("x:zzzzzzzz");
    assert!(hint.starts_with("types: string, ci_string, text"), "{hint}");
}

#[test]
fn unknown_modifiers_suggest_the_closest() {
    let (msg, hint) = input_err("title:string:requird");
    assert_eq!(
        msg,
        "field `title:string:requird`: unknown modifier `requird`"
    );
    assert_eq!(hint, "did you mean `required`?");
    let (_, hint) = input_err("title:string:not_null");
    assert_eq!(hint, "did you mean `required`?");
    let (_, hint) = input_err("title:string:defualt=x");
    assert_eq!(hint, "did you mean `default=VALUE`?");
    let (_, hint) = input_err("title:string:wibble");
    assert_eq!(
        hint,
        "accepted: required, unique, index, sensitive, private, default=VALUE"
    );
}

#[test]
fn duplicated_modifiers() {
    let (msg, hint) = input_err("title:string:required:required");
    assert!(msg.ends_with("`required` is given twice"), "{msg}");
    assert_eq!(hint, "give each modifier once");
    let (msg, _) = input_err("n:integer:default=1:default=2");
    assert!(msg.ends_with("`default` is given twice"), "{msg}");
}

#[test]
fn contradictory_modifiers() {
    let (msg, hint) = input_err("slug:string:unique:index");
    assert!(msg.ends_with("`unique` already creates an index"), "{msg}");
    assert_eq!(hint, "drop `index`");
    let (msg, _) = input_err("data:map:unique");
    assert!(msg.contains("a `map` field cannot be `unique`"), "{msg}");
    let (msg, _) = input_err("tags:array:string:unique");
    assert!(msg.contains("a `array` field cannot be `unique`"), "{msg}");
    let (msg, _) = input_err("blob:binary:index");
    assert!(msg.contains("cannot take a plain `index`"), "{msg}");
    let (msg, hint) = input_err("secret:string:required:private");
    assert!(msg.contains("needs a default"), "{msg}");
    assert_eq!(hint, "add `default=VALUE`, or drop `private`");
    assert!(Field::parse("secret:string:required:private:default=x").is_ok());
    let (msg, _) = input_err("title:string:public");
    assert!(msg.ends_with("fields are public by default"), "{msg}");
}

#[test]
fn invalid_defaults() {
    for (input, expected) in [
        ("n:integer:default=abc", "expected an integer"),
        ("n:integer:default=1.5", "expected an integer"),
        ("n:integer:default=99999999999999999999", "out of range"),
        ("r:float:default=inf", "expected a finite number"),
        ("r:float:default=NaN", "expected a finite number"),
        ("p:decimal:default=1e5", "expected a decimal"),
        ("b:boolean:default=yes", "expected `true` or `false`"),
        ("d:date:default=2023-02-29", "expected an ISO date"),
        ("d:date:default=now", "dates take `today`"),
        ("t:time:default=25:00:00", "expected a time"),
        ("t:time:default=today", "times take `now`"),
        ("at:utc_datetime:default=2024-01-31T09:30:00", "in UTC"),
        ("at:utc_datetime:default=2024-01-31T09:30:00.5Z", "in UTC"),
        (
            "at:naive_datetime:default=2024-01-31T09:30:00Z",
            "without zone",
        ),
        ("u:uuid:default=not-a-uuid", "expected a UUID"),
        ("m:map:default=x", "`map` fields take no default"),
        ("b:binary:default=x", "`binary` fields take no default"),
        (
            "tags:array:string:default=a",
            "accept only an empty default",
        ),
        ("title:string:default=", "needs a value"),
        ("title:string:default=\"\"", "stored as nil"),
    ] {
        let (msg, _) = input_err(input);
        assert!(msg.contains(expected), "{input}: {msg}");
    }
    let (msg, hint) = input_err("status:atom:draft,published:default=drft");
    assert!(msg.contains("not one of the atom values"), "{msg}");
    assert_eq!(hint, "did you mean `default=draft`?");
}

#[test]
fn atom_values_are_checked() {
    let (msg, hint) = input_err("status:atom");
    assert!(msg.ends_with("`atom` needs its list of values"), "{msg}");
    assert!(hint.contains("status:atom:draft,published"), "{hint}");
    let (msg, _) = input_err("status:atom:required");
    assert!(msg.contains("`required` is a modifier"), "{msg}");
    let (msg, _) = input_err("status:atom:default=draft");
    assert!(msg.contains("needs its list of values"), "{msg}");
    let (msg, _) = input_err("status:atom:a,,b");
    assert!(msg.contains("empty entry"), "{msg}");
    let (msg, _) = input_err("status:atom:a,b,a");
    assert!(msg.contains("`a` is listed twice"), "{msg}");
    let (msg, _) = input_err("flag:atom:yes,nil");
    assert!(msg.contains("`:nil` is the same as `nil`"), "{msg}");
    let (msg, hint) = input_err("status:atom:Draft,Published");
    assert!(msg.contains("invalid atom value `Draft`"), "{msg}");
    assert_eq!(hint, "did you mean `draft`?");
}

#[test]
fn array_errors() {
    let (msg, _) = input_err("tags:array");
    assert!(msg.ends_with("`array` needs an element type"), "{msg}");
    let (msg, _) = input_err("m:array:array:string");
    assert!(msg.contains("arrays of arrays"), "{msg}");
    let (_, hint) = input_err("tags:array:strin");
    assert_eq!(hint, "did you mean `string`?");
    let (msg, _) = input_err("x:array:belongs_to");
    assert!(msg.contains("cannot be an array element"), "{msg}");
}

#[test]
fn malformed_fields() {
    let (msg, _) = input_err("");
    assert_eq!(msg, "empty field");
    let (msg, _) = input_err("title::string");
    assert!(msg.contains("empty part"), "{msg}");
    let (msg, _) = input_err("title:string:");
    assert!(msg.contains("empty part"), "{msg}");
    let (msg, hint) = input_err("title:default=x");
    assert!(msg.contains("expected a type after the name"), "{msg}");
    assert_eq!(hint, "write the type first, e.g. `title:string:default=x`");
    let (msg, _) = input_err("note:string:default=\"open");
    assert!(msg.contains("is not closed"), "{msg}");
    let (msg, _) = input_err("note:string:default=\"a\"b");
    assert!(msg.contains("after the closing quote"), "{msg}");
}

#[test]
fn bad_field_names_name_the_field() {
    let (msg, hint) = input_err("Title:string");
    assert_eq!(msg, "field `Title:string`: invalid field name `Title`: it must start with a lowercase letter or an underscore");
    assert_eq!(hint, "did you mean `title`?");
    let (msg, _) = input_err("end:string");
    assert!(msg.contains("reserved word"), "{msg}");
    let (msg, hint) = input_err("published?:boolean");
    assert!(msg.contains("may not end in `?`"), "{msg}");
    assert_eq!(hint, "did you mean `published`?");
    let (msg, _) = input_err("__meta__:map");
    assert!(msg.contains("Ash and Ecto use it"), "{msg}");
    let (msg, _) = input_err(&format!("{}:string", "x".repeat(64)));
    assert!(msg.contains("the limit is 63"), "{msg}");
}

#[test]
fn relationship_errors() {
    let (msg, hint) = input_err("author:belongs_to");
    assert!(
        msg.ends_with("`belongs_to` needs the related resource"),
        "{msg}"
    );
    assert_eq!(
        hint,
        "e.g. `author:belongs_to:Author` (same domain) or `author:belongs_to:Other.Author`"
    );
    let (_, hint) = input_err("comments:has_many");
    assert!(hint.contains("comments:has_many:Comment"), "{hint}");
    let (msg, hint) = input_err("author_id:belongs_to:Accounts.User");
    assert!(msg.contains("`author_id` is added for it"), "{msg}");
    assert_eq!(hint, "did you mean `author:belongs_to:Accounts.User`?");
    let (msg, hint) = input_err("tags:many_to_many:Blog.Tag");
    assert!(
        msg.ends_with("`many_to_many` needs the join resource"),
        "{msg}"
    );
    assert!(hint.contains("through="), "{hint}");
    let (msg, hint) = input_err("author:belongs_to:Accounts.User:on_delete=cascade");
    assert!(msg.contains("unknown on_delete action `cascade`"), "{msg}");
    assert_eq!(hint, "one of: delete, nilify, restrict, nothing");
    let (_, hint) = input_err("author:belongs_to:Accounts.User:on_delete=delet");
    assert_eq!(hint, "did you mean `on_delete=delete`?");
    let (msg, _) = input_err("author:belongs_to:Accounts.User:required:on_delete=nilify");
    assert!(msg.contains("cannot clear a `required` reference"), "{msg}");
    let (msg, hint) = input_err("comments:has_many:Blog.Comment:required");
    assert!(
        msg.ends_with("`required` does not apply to `has_many`"),
        "{msg}"
    );
    assert_eq!(hint, "accepted: private");
    let (msg, _) = input_err("author:belongs_to:Accounts.User:unique");
    assert!(
        msg.contains("`unique` does not apply to `belongs_to`"),
        "{msg}"
    );
    let (msg, _) = input_err("comments:has_many:Blog.Comment:through=Blog.X");
    assert!(
        msg.contains("`through=` does not apply to `has_many`"),
        "{msg}"
    );
    let (_, hint) = input_err("author:belongs_to:accounts.user");
    assert_eq!(hint, "did you mean `Accounts.User`?");
    let long = format!("{}:belongs_to:Accounts.User", "a".repeat(61));
    let (msg, hint) = input_err(&long);
    assert!(msg.contains("foreign key `aaaa"), "{msg}");
    assert_eq!(hint, "use a shorter relationship name");
    let (msg, _) = input_err("title:string:on_delete=delete");
    assert!(msg.contains("applies to relationships only"), "{msg}");
}

// --- Injection ----------------------------------------------------------------

#[test]
fn injection_attempts_are_escaped() {
    let a = attr(r#"title:string:default=\"); System.cmd("rm")"#);
    assert_eq!(a.default_code().unwrap(), r#""\\\"); System.cmd(\"rm\")""#);
    let a = attr(r#"title:string:default=#{System.halt()}"#);
    assert_eq!(a.default_code().unwrap(), r#""\#{System.halt()}""#);
    let a = attr("title:string:default=a\nend\nSystem.halt()");
    assert_eq!(a.default_code().unwrap(), r#""a\nend\nSystem.halt()""#);
}

#[test]
fn injection_attempts_in_names_are_refused() {
    assert!(Field::parse("title]), System.halt(:string").is_err());
    assert!(Field::parse("x:atom:a,b]);System.halt(),[").is_err());
    assert!(Field::parse("x:belongs_to:Foo;System.halt()").is_err());
    assert!(Field::parse("x:integer:default=1;System.halt()").is_err());
    assert!(Field::parse("x:decimal:default=1\");System.halt(\"").is_err());
    assert!(Field::parse("x:date:default=2024-01-01];System.halt()").is_err());
}

// --- Round trip -----------------------------------------------------------------

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,12}".prop_filter("valid field name", |s| {
        scaffold::spec::SnakeName::field(s).is_ok() && !s.ends_with("_id")
    })
}

fn atom_values() -> impl Strategy<Value = Vec<String>> {
    prop::collection::hash_set("[a-z][a-z0-9_]{0,6}", 1..4)
        .prop_filter("no nil/true/false", |set| {
            set.iter()
                .all(|v| !matches!(v.as_str(), "nil" | "true" | "false"))
        })
        .prop_map(|set| {
            let mut v: Vec<String> = set.into_iter().collect();
            v.sort();
            v
        })
}

/// A type and a default value that fits it.
fn typed() -> impl Strategy<Value = (String, Option<String>)> {
    let text = prop_oneof![
        "[ -~]{1,20}",
        "[a-z]{1,5}:[a-z0-9 ]{0,5}",
        "\\PC{1,12}",
        Just("\"quoted\"".to_string()),
        Just("back\\slash".to_string()),
        Just("#{System.halt()}".to_string()),
    ]
    .prop_filter("not empty", |s| !s.is_empty());
    prop_oneof![
        (
            prop_oneof![Just("string"), Just("text"), Just("ci_string")],
            prop::option::of(text)
        )
            .prop_map(|(t, d)| (t.to_string(), d)),
        prop::option::of(any::<i64>()).prop_map(|d| ("integer".into(), d.map(|i| i.to_string()))),
        prop::option::of(any::<f64>().prop_filter("finite", |f| f.is_finite()))
            .prop_map(|d| ("float".into(), d.map(|f| format!("{f:e}")))),
        prop::option::of("-?[0-9]{1,6}(\\.[0-9]{1,4})?").prop_map(|d| ("decimal".into(), d)),
        prop::option::of(any::<bool>()).prop_map(|d| ("boolean".into(), d.map(|b| b.to_string()))),
        prop::option::of(prop_oneof![
            Just("today".to_string()),
            (1000u32..9999, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
        ])
        .prop_map(|d| ("date".into(), d)),
        prop::option::of(
            (0u32..24, 0u32..60, 0u32..60).prop_map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}"))
        )
        .prop_map(|d| ("time".into(), d)),
        prop::option::of(prop_oneof![
            Just("now".to_string()),
            (0u32..24, 0u32..60).prop_map(|(h, m)| format!("2024-05-06 {h:02}:{m:02}:07Z"))
        ])
        .prop_map(|d| ("utc_datetime".into(), d)),
        prop::option::of(Just("2024-05-06T07:08:09.123456Z".to_string()))
            .prop_map(|d| ("utc_datetime_usec".into(), d)),
        prop::option::of(Just("2024-05-06T07:08:09".to_string()))
            .prop_map(|d| ("naive_datetime".into(), d)),
        prop::option::of("[0-9a-fA-F]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
            .prop_map(|d| ("uuid".into(), d)),
        Just(("map".to_string(), None)),
        Just(("binary".to_string(), None)),
        atom_values()
            .prop_flat_map(|values| {
                let n = values.len();
                (Just(values), prop::option::of(0..n))
            })
            .prop_map(|(values, d)| (
                format!("atom:{}", values.join(",")),
                d.map(|i| values[i].clone())
            )),
        (
            prop_oneof![Just("string"), Just("integer"), Just("uuid")],
            any::<bool>()
        )
            .prop_map(|(t, d)| (format!("array:{t}"), d.then(|| "[]".to_string()))),
        (atom_values(), any::<bool>()).prop_map(|(v, d)| (
            format!("array:atom:{}", v.join(",")),
            d.then(|| "[]".to_string())
        )),
    ]
}

fn quote(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

fn attribute_field() -> impl Strategy<Value = String> {
    (
        name(),
        typed(),
        prop::sample::subsequence(
            vec!["required", "unique", "index", "sensitive", "private"],
            0..=5,
        ),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(name, (ty, default), mut flags, quote_default, seed)| {
            let scalar_ok = !ty.starts_with("array") && ty != "map" && ty != "binary";
            flags.retain(|f| match *f {
                "unique" | "index" => scalar_ok,
                _ => true,
            });
            if flags.contains(&"unique") {
                flags.retain(|f| *f != "index");
            }
            if flags.contains(&"required") && flags.contains(&"private") && default.is_none() {
                flags.retain(|f| *f != "private");
            }
            let mut parts: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
            if let Some(d) = default {
                parts.push(format!(
                    "default={}",
                    if quote_default {
                        quote(&d)
                    } else {
                        quote_if_needed(&d)
                    }
                ));
            }
            // Shuffle the modifiers deterministically from the seed.
            let len = parts.len();
            if len > 1 {
                parts.rotate_left((seed as usize) % len);
            }
            let mut out = format!("{name}:{ty}");
            for p in parts {
                out.push(':');
                out.push_str(&p);
            }
            out
        })
}

/// Quotes a generated value when the bare form would be read differently.
fn quote_if_needed(value: &str) -> String {
    let bare = !value.starts_with('"')
        && value
            .match_indices(':')
            .all(|(i, _)| value[i + 1..].starts_with(|c: char| c.is_ascii_digit()));
    if bare {
        value.to_string()
    } else {
        quote(value)
    }
}

fn relationship_field() -> impl Strategy<Value = String> {
    let module = "[A-Z][a-z]{0,6}(\\.[A-Z][a-zA-Z0-9]{0,6}){0,2}";
    prop_oneof![
        (
            name(),
            module,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(0usize..4)
        )
            .prop_map(|(n, m, required, index, private, on_delete)| {
                let mut s = format!("{n}:belongs_to:{m}");
                if private {
                    s.push_str(":private");
                }
                if let Some(i) = on_delete {
                    let action = ["delete", "nilify", "restrict", "nothing"][i];
                    if !(required && action == "nilify") {
                        s.push_str(&format!(":on_delete={action}"));
                    }
                }
                if index {
                    s.push_str(":index");
                }
                if required {
                    s.push_str(":required");
                }
                s
            }),
        (name(), module, any::<bool>())
            .prop_map(|(n, m, p)| format!("{n}:has_many:{m}{}", if p { ":private" } else { "" })),
        (name(), module, any::<bool>())
            .prop_map(|(n, m, p)| format!("{n}:has_one:{m}{}", if p { ":private" } else { "" })),
        (name(), module, module, any::<bool>()).prop_map(|(n, m, t, p)| format!(
            "{n}:many_to_many:{m}{}:through={t}",
            if p { ":private" } else { "" }
        )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn to_cli_round_trips_attributes(input in attribute_field()) {
        let field = Field::parse(&input).map_err(|e| TestCaseError::fail(format!("{input}: {e}")))?;
        let cli = field.to_cli();
        let again = Field::parse(&cli).map_err(|e| TestCaseError::fail(format!("{cli}: {e}")))?;
        prop_assert_eq!(&again, &field);
        prop_assert_eq!(again.to_cli(), cli);
    }

    #[test]
    fn to_cli_round_trips_relationships(input in relationship_field()) {
        let field = Field::parse(&input).map_err(|e| TestCaseError::fail(format!("{input}: {e}")))?;
        let cli = field.to_cli();
        prop_assert_eq!(Field::parse(&cli).unwrap(), field);
    }

    #[test]
    fn arbitrary_input_never_panics(input in "\\PC{0,40}") {
        let _ = Field::parse(&input);
    }

    #[test]
    fn string_defaults_never_leave_the_literal(text in "(\\PC|#\\{|\\\\|\"){1,30}") {
        let input = format!("t:string:default={}", quote(&text));
        let a = match Field::parse(&input).unwrap().kind {
            FieldKind::Attribute(a) => a,
            _ => unreachable!(),
        };
        let code = a.default_code().unwrap();
        prop_assert!(code.starts_with('"') && code.ends_with('"'));
        let inner = &code[1..code.len() - 1];
        // Every quote inside is escaped, and no interpolation can start.
        let mut escaped = false;
        let mut after_hash = false;
        for c in inner.chars() {
            if escaped {
                escaped = false;
                after_hash = false;
                continue;
            }
            prop_assert!(c != '"', "unescaped quote in {}", code);
            prop_assert!(!(after_hash && c == '{'), "interpolation in {}", code);
            escaped = c == '\\';
            after_hash = c == '#';
        }
        prop_assert!(!inner.contains('\n'));
    }
}

#[test]
fn base_type_accessors() {
    let a = attr("status:atom:a,b");
    assert!(matches!(a.ty.base, BaseType::Atom(ref v) if v.len() == 2));
    assert_eq!(a.ty.atom_values().unwrap()[1].as_str(), "b");
    assert_eq!(a.ty.to_cli(), "atom:a,b");
}
