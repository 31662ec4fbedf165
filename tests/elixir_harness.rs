//! The Elixir harness itself must catch unformatted and unparsable code.
mod common;

#[test]
fn accepts_formatted_code() {
    common::elixir::check_sources(&[(
        "ok.ex",
        "defmodule Shop.Post do\n  use Ash.Resource, otp_app: :shop\n\n  attributes do\n    attribute :title, :string, allow_nil?: false\n  end\nend\n",
    )]);
}

#[test]
#[should_panic(expected = "FORMAT")]
fn rejects_misindented_code() {
    if std::process::Command::new("elixir")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!("FORMAT (elixir missing: nothing to check)");
    }
    common::elixir::check_sources(&[(
        "bad.ex",
        "defmodule Shop.Post do\n  attributes do\n      attribute :title,  :string\n  end\nend\n",
    )]);
}

#[test]
#[should_panic(expected = "PARSE")]
fn rejects_unparsable_code() {
    if std::process::Command::new("elixir")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!("PARSE (elixir missing: nothing to check)");
    }
    common::elixir::check_sources(&[("bad.ex", "defmodule Shop.Post do\n  def x(, do: 1\nend\n")]);
}
