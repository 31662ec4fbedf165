//! Module names, snake_case names, table names and derived resource names.

use scaffold::error::Error;
use scaffold::spec::inflection::{pluralize, DomainNames, ResourceNames};
use scaffold::spec::{ModuleName, SnakeName, TableName};

/// The message and hint of an input error.
fn input_err<T: std::fmt::Debug>(r: Result<T, Error>) -> (String, String) {
    let e = r.expect_err("expected an error");
    assert_eq!(e.code(), 2, "input errors exit with 2: {e}");
    (
        e.to_string(),
        e.hint().expect("every input error has a hint"),
    )
}

fn m(s: &str) -> ModuleName {
    ModuleName::parse(s).unwrap()
}

// --- ModuleName -------------------------------------------------------------

#[test]
fn module_parts() {
    let post = m("Shop.Blog.Post");
    assert_eq!(
        post.segments().collect::<Vec<_>>(),
        ["Shop", "Blog", "Post"]
    );
    assert_eq!(post.len(), 3);
    assert_eq!(post.last(), "Post");
    assert_eq!(post.first(), "Shop");
    assert_eq!(post.parent(), Some(m("Shop.Blog")));
    assert_eq!(m("Shop").parent(), None);
    assert_eq!(m("Shop").join(&m("Blog.Post")).unwrap(), post);
    assert_eq!(m("Shop.Blog").child("Post").unwrap(), post);
    assert_eq!(post.underscore_path(), "shop/blog/post");
    assert_eq!(m("Shop.Blog.BlogPost").underscore_last(), "blog_post");
    assert_eq!(post.relative_to(&m("Shop")), Some(m("Blog.Post")));
    assert_eq!(post.relative_to(&post), None);
    assert_eq!(post.to_string(), "Shop.Blog.Post");
    assert_eq!(serde_json::to_string(&post).unwrap(), "\"Shop.Blog.Post\"");
}

#[test]
fn starts_with_is_segment_wise() {
    assert!(m("Shop.Blog").starts_with(&m("Shop")));
    assert!(m("Shop").starts_with(&m("Shop")));
    assert!(!m("ShopWeb.PostLive").starts_with(&m("Shop")));
    assert_eq!(m("ShopWeb.PostLive").relative_to(&m("Shop")), None);
}

#[test]
fn module_from_app() {
    let app = SnakeName::parse("my_app").unwrap();
    assert_eq!(ModuleName::from_app(&app).unwrap(), m("MyApp"));
}

#[test]
fn module_accepts_digits_and_underscores() {
    assert!(ModuleName::parse("Shop.V2.Post_Item").is_ok());
    assert_eq!(m("Shop.HTTPClient").underscore_path(), "shop/http_client");
}

#[test]
fn lowercase_module_suggests_camel_case() {
    let (msg, hint) = input_err(ModuleName::parse("blog.post"));
    assert_eq!(
        msg,
        "invalid module name `blog.post`: segment `blog` must start with an uppercase letter"
    );
    assert_eq!(hint, "did you mean `Blog.Post`?");
    let (_, hint) = input_err(ModuleName::parse("blog_post.comment"));
    assert_eq!(hint, "did you mean `BlogPost.Comment`?");
}

#[test]
fn elixir_prefix_is_refused() {
    let (msg, hint) = input_err(ModuleName::parse("Elixir.Blog.Post"));
    assert!(msg.contains("without the `Elixir.` prefix"), "{msg}");
    assert_eq!(hint, "did you mean `Blog.Post`?");
    let (msg, _) = input_err(ModuleName::parse("Blog.Elixir"));
    assert!(msg.contains("`Elixir` is reserved"), "{msg}");
}

#[test]
fn empty_segments_and_separators() {
    let (msg, hint) = input_err(ModuleName::parse("Blog..Post"));
    assert!(msg.contains("empty segment"), "{msg}");
    assert_eq!(hint, "did you mean `Blog.Post`?");
    let (_, hint) = input_err(ModuleName::parse("Blog.Post."));
    assert_eq!(hint, "did you mean `Blog.Post`?");
    let (_, hint) = input_err(ModuleName::parse("Blog/Post"));
    assert_eq!(hint, "did you mean `Blog.Post`?");
    let (_, hint) = input_err(ModuleName::parse("Blog::Post"));
    assert_eq!(hint, "did you mean `Blog.Post`?");
    let (msg, hint) = input_err(ModuleName::parse("Blog-Post"));
    assert!(msg.contains("`-` is not allowed"), "{msg}");
    assert_eq!(hint, "did you mean `BlogPost`?");
    let (msg, _) = input_err(ModuleName::parse(""));
    assert_eq!(msg, "module name is empty");
}

#[test]
fn cyrillic_look_alike_is_refused() {
    // The `о` in `Pоst` is U+043E CYRILLIC SMALL LETTER O.
    let (msg, hint) = input_err(ModuleName::parse("Blog.P\u{043E}st"));
    assert!(msg.contains("U+043E"), "{msg}");
    assert!(msg.contains("looks like `o`"), "{msg}");
    assert_eq!(hint, "did you mean `Blog.Post`?");
}

#[test]
fn fullwidth_and_other_non_ascii_are_refused() {
    let (_, hint) = input_err(ModuleName::parse("\u{FF30}ost"));
    assert_eq!(hint, "did you mean `Post`?");
    let (msg, hint) = input_err(ModuleName::parse("Caf\u{E9}"));
    assert!(msg.contains("U+00E9"), "{msg}");
    assert!(hint.starts_with("module names look like"), "{hint}");
}

#[test]
fn invisible_characters_are_shown_escaped() {
    let (msg, _) = input_err(ModuleName::parse("Po\u{202E}st"));
    assert!(
        !msg.contains('\u{202E}'),
        "the message must not carry the raw character"
    );
    assert!(msg.contains("U+202E"), "{msg}");
}

#[test]
fn very_long_module_names() {
    let long_segment = format!("P{}", "o".repeat(64));
    let (msg, _) = input_err(ModuleName::parse(&format!("Blog.{long_segment}")));
    assert!(msg.contains("65 bytes long; the limit is 64"), "{msg}");
    let many = vec!["Segment"; 40].join(".");
    let (msg, _) = input_err(ModuleName::parse(&many));
    assert!(msg.contains("the limit is 255"), "{msg}");
    assert!(ModuleName::parse(&format!("P{}", "o".repeat(63))).is_ok());
}

// --- SnakeName ----------------------------------------------------------------

#[test]
fn field_names() {
    assert_eq!(
        SnakeName::field("published_at").unwrap().as_str(),
        "published_at"
    );
    assert_eq!(SnakeName::field("_internal").unwrap().human(), "Internal");
    assert_eq!(SnakeName::field("title2").unwrap().atom(), ":title2");
    let (msg, hint) = input_err(SnakeName::field("Title"));
    assert_eq!(
        msg,
        "invalid field name `Title`: it must start with a lowercase letter or an underscore"
    );
    assert_eq!(hint, "did you mean `title`?");
    let (_, hint) = input_err(SnakeName::field("firstName"));
    assert_eq!(hint, "did you mean `first_name`?");
    let (msg, hint) = input_err(SnakeName::field("first-name"));
    assert!(msg.contains("`-` is not allowed"), "{msg}");
    assert_eq!(hint, "did you mean `first_name`?");
    let (msg, _) = input_err(SnakeName::field("1st"));
    assert!(msg.contains("must start with a lowercase letter"), "{msg}");
    for no_letters in ["_", "_1", "___"] {
        let (msg, _) = input_err(SnakeName::parse(no_letters));
        assert!(msg.ends_with("it has no letters"), "{msg}");
    }
}

#[test]
fn reserved_words_are_refused() {
    for word in [
        "end", "do", "nil", "true", "false", "when", "and", "or", "not", "in", "fn", "catch",
        "rescue", "after", "else",
    ] {
        let (msg, hint) = input_err(SnakeName::field(word));
        assert!(msg.contains("reserved word in Elixir"), "{word}: {msg}");
        assert!(hint.contains("reserved: true, false, nil"), "{hint}");
        assert!(SnakeName::parse(word).is_err(), "{word}");
    }
    // Words that merely contain a reserved word are fine.
    assert!(SnakeName::field("ends_at").is_ok());
    assert!(SnakeName::field("done").is_ok());
}

#[test]
fn ash_internal_fields_are_refused() {
    for word in [
        "__meta__",
        "__metadata__",
        "aggregates",
        "calculations",
        "__lateral_join_source__",
        "__order__",
        "__anything",
    ] {
        let (msg, hint) = input_err(SnakeName::field(word));
        assert!(msg.contains("Ash and Ecto use it"), "{word}: {msg}");
        assert!(hint.contains("starting with `__`"), "{hint}");
    }
}

#[test]
fn question_mark_allowed_in_names_not_fields() {
    assert_eq!(
        SnakeName::parse("published?").unwrap().atom(),
        ":published?"
    );
    let (msg, hint) = input_err(SnakeName::field("published?"));
    assert!(msg.contains("may not end in `?`"), "{msg}");
    assert_eq!(hint, "did you mean `published`?");
}

#[test]
fn long_snake_names() {
    let ok = "a".repeat(63);
    assert!(SnakeName::field(&ok).is_ok());
    let (msg, hint) = input_err(SnakeName::field(&"a".repeat(64)));
    assert!(msg.contains("64 bytes long; the limit is 63"), "{msg}");
    assert_eq!(hint, "use a shorter name");
}

#[test]
fn cyrillic_in_field_name() {
    // `tіtle` with U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I.
    let (msg, hint) = input_err(SnakeName::field("t\u{0456}tle"));
    assert!(msg.contains("U+0456"), "{msg}");
    assert_eq!(hint, "did you mean `title`?");
}

#[test]
fn atom_values() {
    assert!(SnakeName::atom_value("draft").is_ok());
    assert!(
        SnakeName::atom_value("end").is_ok(),
        "`:end` is an ordinary atom"
    );
    let (msg, _) = input_err(SnakeName::atom_value("nil"));
    assert!(msg.contains("`:nil` is the same as `nil`"), "{msg}");
    assert!(SnakeName::atom_value("Draft").is_err());
}

#[test]
fn table_names() {
    assert_eq!(
        TableName::parse("blog_posts").unwrap().as_str(),
        "blog_posts"
    );
    assert!(
        TableName::parse("order").is_ok(),
        "SQL words are quoted by Ecto"
    );
    let (_, hint) = input_err(TableName::parse("BlogPosts"));
    assert_eq!(hint, "did you mean `blog_posts`?");
    assert!(TableName::parse("posts?").is_err());
}

// --- Derived names ------------------------------------------------------------

fn names(module: &str) -> ResourceNames {
    ResourceNames::new(&m(module), &m("ShopWeb"), None).unwrap()
}

#[test]
fn resource_names_of_post() {
    let n = names("Shop.Blog.Post");
    assert_eq!(n.module, m("Shop.Blog.Post"));
    assert_eq!(n.alias, "Post");
    assert_eq!(n.singular.as_str(), "post");
    assert_eq!(n.plural.as_str(), "posts");
    assert_eq!(n.table.as_str(), "posts");
    assert_eq!(n.human_singular, "Post");
    assert_eq!(n.human_plural, "Posts");
    assert_eq!(n.route_path, "/posts");
    assert_eq!(n.live_alias, "PostLive");
    assert_eq!(n.live_module, "ShopWeb.PostLive");
    assert_eq!(n.live_dir, "lib/shop_web/live/post_live");
    assert_eq!(n.live_test_module, "ShopWeb.PostLiveTest");
    assert_eq!(n.live_test_path, "test/shop_web/live/post_live_test.exs");
    assert_eq!(n.test_module, "Shop.Blog.PostTest");
    assert_eq!(n.file_path, "lib/shop/blog/post.ex");
    assert_eq!(n.test_path, "test/shop/blog/post_test.exs");
    assert_eq!(n.interface.create, "create_post");
    assert_eq!(n.interface.list, "list_posts");
    assert_eq!(n.interface.get, "get_post");
    assert_eq!(n.interface.update, "update_post");
    assert_eq!(n.interface.destroy, "destroy_post");
}

#[test]
fn resource_names_of_compound_alias() {
    let n = names("Shop.Blog.BlogPost");
    assert_eq!(n.singular.as_str(), "blog_post");
    assert_eq!(n.plural.as_str(), "blog_posts");
    assert_eq!(n.human_singular, "Blog post");
    assert_eq!(n.human_plural, "Blog posts");
    assert_eq!(n.route_path, "/blog_posts");
    assert_eq!(n.file_path, "lib/shop/blog/blog_post.ex");
    assert_eq!(n.interface.list, "list_blog_posts");
}

#[test]
fn irregular_plurals() {
    for (module, plural) in [
        ("Shop.Hr.Person", "people"),
        ("Shop.Catalog.Category", "categories"),
        ("Shop.Orders.Status", "statuses"),
        ("Shop.Orders.OrderStatus", "order_statuses"),
        ("Shop.Family.Child", "children"),
        ("Shop.Search.Index", "indices"),
        ("Shop.Lab.Virus", "viruses"),
        ("Shop.Geo.Address", "addresses"),
        ("Shop.Shop.Box", "boxes"),
    ] {
        assert_eq!(names(module).plural.as_str(), plural, "{module}");
    }
    assert_eq!(pluralize("blog_person"), "blog_people");
}

#[test]
fn plural_override() {
    let plural = SnakeName::parse("indexes").unwrap();
    let n = ResourceNames::new(&m("Shop.Search.Index"), &m("ShopWeb"), Some(&plural)).unwrap();
    assert_eq!(n.plural.as_str(), "indexes");
    assert_eq!(n.table.as_str(), "indexes");
    assert_eq!(n.interface.list, "list_indexes");
    assert_eq!(n.human_plural, "Indexes");
}

#[test]
fn uncountable_alias_needs_plural() {
    let (msg, hint) = input_err(ResourceNames::new(
        &m("Shop.Media.News"),
        &m("ShopWeb"),
        None,
    ));
    assert!(msg.contains("same singular and plural (`news`)"), "{msg}");
    assert_eq!(hint, "pass --plural NAME, e.g. --plural news_items");
    let same = SnakeName::parse("post").unwrap();
    assert!(ResourceNames::new(&m("Shop.Blog.Post"), &m("ShopWeb"), Some(&same)).is_err());
}

#[test]
fn plural_alias_suggests_singular() {
    let (_, hint) = input_err(ResourceNames::new(
        &m("Shop.Blog.Posts"),
        &m("ShopWeb"),
        None,
    ));
    assert_eq!(
        hint,
        "resource names are singular: did you mean `Shop.Blog.Post`? (or pass --plural NAME)"
    );
}

#[test]
fn reserved_word_alias_is_refused() {
    let (msg, _) = input_err(ResourceNames::new(
        &m("Shop.Events.End"),
        &m("ShopWeb"),
        None,
    ));
    assert!(msg.contains("reserved word"), "{msg}");
}

#[test]
fn domain_names() {
    let d = DomainNames::new(&m("Shop.ContentManagement"));
    assert_eq!(d.alias, "ContentManagement");
    assert_eq!(d.human, "Content management");
    assert_eq!(d.file_path, "lib/shop/content_management.ex");
}
