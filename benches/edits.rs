//! Speed of the Elixir edits on generated files of 200, 2,000 and 20,000
//! lines: parse once, apply one operation (which re-parses incrementally
//! and verifies the result). Target: a 2,000-line router edit under 20 ms,
//! growing linearly.
//!
//! Run: `cargo bench --bench edits -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use scaffold::elixir::{Dep, Document, Routes};

/// A router of about `lines` lines: many browser scopes of eight routes,
/// the main `/` scope in the middle, the dev-routes block at the end.
fn router(lines: usize) -> String {
    let mut out = String::from(
        "defmodule ShopWeb.Router do\n  use ShopWeb, :router\n\n  pipeline :browser do\n    plug :accepts, [\"html\"]\n    plug :fetch_session\n  end\n",
    );
    let scopes = lines / 14;
    for i in 0..scopes {
        if i == scopes / 2 {
            out.push_str("\n  scope \"/\", ShopWeb do\n    pipe_through :browser\n\n    get \"/\", PageController, :home\n  end\n");
        }
        out.push_str(&format!("\n  # Section {i}\n  scope \"/section{i}\", ShopWeb do\n    pipe_through [:browser, :auth]\n\n"));
        for j in 0..8 {
            out.push_str(&format!(
                "    live \"/items{j}\", Section{i}.Item{j}Live, :index\n"
            ));
        }
        out.push_str("  end\n");
    }
    out.push_str(
        "\n  if Application.compile_env(:shop, :dev_routes) do\n    scope \"/dev\" do\n      pipe_through :browser\n    end\n  end\nend\n",
    );
    out
}

/// A `mix.exs` of about `lines` lines, most of them deps.
fn mix_exs(lines: usize) -> String {
    let mut out = String::from(
        "defmodule Shop.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :shop, version: \"0.1.0\", deps: deps()]\n  end\n\n  defp deps do\n    [\n",
    );
    let n = lines.saturating_sub(12).max(1);
    for i in 0..n {
        let comma = if i + 1 < n { "," } else { "" };
        out.push_str(&format!("      {{:dep_{i}, \"~> 1.{i}\"}}{comma}\n"));
    }
    out.push_str("    ]\n  end\nend\n");
    out
}

fn edits(c: &mut Criterion) {
    let routes = Routes::new([
        "live \"/posts\", PostLive.Index, :index",
        "live \"/posts/new\", PostLive.Form, :new",
        "live \"/posts/:id\", PostLive.Show, :show",
        "live \"/posts/:id/edit\", PostLive.Form, :edit",
    ]);
    let dep = Dep::new("ash", "~> 3.0");

    let mut group = c.benchmark_group("router_add_routes");
    for lines in [200, 2_000, 20_000] {
        let src = router(lines);
        let real = src.lines().count();
        group.throughput(Throughput::Bytes(src.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(real), &src, |b, src| {
            b.iter(|| {
                let mut doc = Document::parse(src.as_str()).unwrap();
                let out = doc.add_routes(black_box(&routes)).unwrap();
                assert!(out.is_changed());
                out
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("mix_add_dep");
    for lines in [200, 2_000, 20_000] {
        let src = mix_exs(lines);
        let real = src.lines().count();
        group.throughput(Throughput::Bytes(src.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(real), &src, |b, src| {
            b.iter(|| {
                let mut doc = Document::parse(src.as_str()).unwrap();
                let out = doc.add_dep(black_box(&dep)).unwrap();
                assert!(out.is_changed());
                out
            })
        });
    }
    group.finish();

    // Parsing alone, for comparison.
    let mut group = c.benchmark_group("parse_only");
    for lines in [2_000, 20_000] {
        let src = router(lines);
        group.bench_with_input(
            BenchmarkId::new("router", src.lines().count()),
            &src,
            |b, src| b.iter(|| Document::parse(src.as_str()).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, edits);
criterion_main!(benches);
