//! Whole-process benchmarks of the release binary against the limits of
//! the machine: a bare `true` process is timed in the same run, so the
//! ratio to the floor is visible.
//!
//! - `ash-resource` with 10 fields, 2 relationships, policies, migration,
//!   tests and LiveView pages on a copy of the Phoenix fixture: with
//!   `--dry-run` (plan and diff) and as a real apply into fresh copies;
//!   median and 90th percentile of at least 30 runs, peak RSS.
//! - `scaffold apply` of generated specs with 10, 100 and 1000 resources.
//!
//! Run: `cargo bench --bench cli` (the release profile). Environment:
//! `BENCH_RUNS` (default 30), `BENCH_SPEC_SIZES` (default `10,100,1000`),
//! `BENCH_SPEC_RUNS` (default 5; the largest size runs once),
//! `SCAFFOLD_BIN` (another binary to measure). Only the standard library
//! is used, so the file also builds with plain `rustc -O`.
#![cfg_attr(test, allow(dead_code))]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn scaffold_bin() -> PathBuf {
    if let Ok(p) = std::env::var("SCAFFOLD_BIN") {
        return PathBuf::from(p);
    }
    match option_env!("CARGO_BIN_EXE_scaffold") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/scaffold"),
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory under the system temp dir.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scaffold-bench-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn fixture_copy(into: &Path) -> PathBuf {
    copy_dir(&manifest_dir().join("tests/fixtures/phx_shop"), into);
    into.to_path_buf()
}

/// Runs `program args` in `dir` and returns the wall time from spawn to exit.
fn time_run(program: &Path, args: &[&str], dir: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let elapsed = start.elapsed();
    assert!(
        status.success(),
        "{} {args:?} failed in {}",
        program.display(),
        dir.display()
    );
    elapsed
}

/// Peak resident set size in KiB, through `/usr/bin/time -f %M`.
fn peak_rss_kib(program: &Path, args: &[&str], dir: &Path) -> Option<u64> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let out = Command::new(time)
        .arg("-f")
        .arg("RSS=%M")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("RSS=")?.trim().parse().ok())
}

struct Stats {
    median: Duration,
    p90: Duration,
    min: Duration,
    runs: usize,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let n = samples.len();
    Stats {
        median: if n % 2 == 1 {
            samples[n / 2]
        } else {
            (samples[n / 2 - 1] + samples[n / 2]) / 2
        },
        p90: samples[((n * 9).div_ceil(10)).saturating_sub(1).min(n - 1)],
        min: samples[0],
        runs: n,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const RESOURCE: &[&str] = &[
    "ash-resource",
    "Blog.Post",
    "title:string:required",
    "body:text",
    "slug:string:unique",
    "views:integer:default=0",
    "price:decimal",
    "rating:float",
    "published:boolean:default=false",
    "published_at:utc_datetime_usec",
    "status:atom:draft,published:default=draft",
    "tags:array:string",
    "author:belongs_to:Accounts.User:required",
    "comments:has_many:Blog.Comment",
    "--policies",
    "--live",
    "--yes",
];

/// A spec with `n` resources in ten domains, each related to the one
/// before (so every migration references an earlier table).
fn spec(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let mut fields = vec![
            "\"title:string:required\"".to_string(),
            "\"body:text\"".to_string(),
            "\"views:integer:default=0\"".to_string(),
            format!("\"code{i}:string:unique\""),
        ];
        if i > 0 {
            fields.push(format!(
                "\"parent:belongs_to:Domain{}.Item{}\"",
                (i - 1) % 10,
                i - 1
            ));
        }
        out.push_str(&format!(
            "[[resource]]\nmodule = \"Domain{}.Item{i}\"\nfields = [{}]\n\n",
            i % 10,
            fields.join(", ")
        ));
    }
    out
}

fn machine() -> Vec<String> {
    let mut lines = Vec::new();
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines().find(|l| l.starts_with("MemTotal")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
            })
        })
        .map(|kib| format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    lines.push(format!(
        "machine: {cpus} CPU(s), {model}, {mem} RAM, {}",
        std::env::consts::OS
    ));
    lines
}

fn main() {
    let bin = scaffold_bin();
    assert!(
        bin.exists(),
        "no scaffold binary at {} (cargo build --release)",
        bin.display()
    );
    let runs = env_usize("BENCH_RUNS", 30).max(1);
    let work = scratch("work");
    for l in machine() {
        println!("{l}");
    }
    println!("binary: {}\n", bin.display());
    println!("| what | runs | median | p90 | min | peak RSS |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let row = |what: &str, s: &Stats, rss: Option<u64>| {
        let rss = rss.map_or("-".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
        println!(
            "| {what} | {} | {} | {} | {} | {rss} |",
            s.runs,
            ms(s.median),
            ms(s.p90),
            ms(s.min)
        );
    };

    // The floor: starting and reaping a process that does nothing.
    let true_bin = ["/bin/true", "/usr/bin/true"]
        .iter()
        .map(Path::new)
        .find(|p| p.exists())
        .expect("true");
    let floor = stats((0..runs).map(|_| time_run(true_bin, &[], &work)).collect());
    row(
        "`true` (process floor)",
        &floor,
        peak_rss_kib(true_bin, &[], &work),
    );

    let version = stats(
        (0..runs)
            .map(|_| time_run(&bin, &["--version"], &work))
            .collect(),
    );
    row(
        "`scaffold --version`",
        &version,
        peak_rss_kib(&bin, &["--version"], &work),
    );

    // ash-resource, planning and diff only, on one copy.
    let dry_dir = fixture_copy(&work.join("dry"));
    let mut dry_args = RESOURCE.to_vec();
    dry_args.push("--dry-run");
    let dry = stats(
        (0..runs)
            .map(|_| time_run(&bin, &dry_args, &dry_dir))
            .collect(),
    );
    row(
        "`ash-resource` 10 fields, 2 relationships, --policies --live, `--dry-run`",
        &dry,
        peak_rss_kib(&bin, &dry_args, &dry_dir),
    );

    // ash-resource applied, each run into a fresh copy (copied untimed).
    let mut samples = Vec::new();
    for i in 0..runs {
        let dir = fixture_copy(&work.join(format!("apply{i}")));
        samples.push(time_run(&bin, RESOURCE, &dir));
    }
    let rss_dir = fixture_copy(&work.join("apply-rss"));
    let applied = stats(samples);
    row(
        "`ash-resource` 10 fields, 2 relationships, --policies --live, applied",
        &applied,
        peak_rss_kib(&bin, RESOURCE, &rss_dir),
    );
    println!();
    println!(
        "ash-resource: {} files written; dry run {:.1}x the floor, apply {:.1}x the floor",
        count_files_written(&rss_dir),
        dry.median.as_secs_f64() / floor.median.as_secs_f64(),
        applied.median.as_secs_f64() / floor.median.as_secs_f64()
    );

    // scaffold apply of growing specs.
    let sizes: Vec<usize> = std::env::var("BENCH_SPEC_SIZES")
        .unwrap_or_else(|_| "10,100,1000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let spec_runs = env_usize("BENCH_SPEC_RUNS", 5).max(1);
    let largest = sizes.iter().copied().max().unwrap_or(0);
    println!();
    println!("| `scaffold apply` | runs | median dry run | median apply | per resource (apply) | peak RSS |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for &n in &sizes {
        let k = if n == largest && n >= 1000 {
            1
        } else {
            spec_runs
        };
        let text = spec(n);
        let dry_dir = fixture_copy(&work.join(format!("spec{n}-dry")));
        std::fs::write(dry_dir.join("spec.toml"), &text).unwrap();
        let dry = stats(
            (0..k)
                .map(|_| time_run(&bin, &["apply", "spec.toml", "--dry-run", "-q"], &dry_dir))
                .collect(),
        );
        let mut samples = Vec::new();
        for i in 0..k {
            let dir = fixture_copy(&work.join(format!("spec{n}-{i}")));
            std::fs::write(dir.join("spec.toml"), &text).unwrap();
            samples.push(time_run(&bin, &["apply", "spec.toml", "--yes", "-q"], &dir));
            if i > 0 {
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
        let applied = stats(samples);
        let rss = peak_rss_kib(&bin, &["apply", "spec.toml", "--dry-run", "-q"], &dry_dir);
        println!(
            "| {n} resources | {k} | {} | {} | {:.2} ms | {} |",
            ms(dry.median),
            ms(applied.median),
            applied.median.as_secs_f64() * 1000.0 / n as f64,
            rss.map_or("-".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// Files under `dir` newer than the fixture (what the apply wrote).
fn count_files_written(dir: &Path) -> usize {
    fn walk(d: &Path, out: &mut usize, fixture: &Path, root: &Path) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out, fixture, root);
            } else {
                let rel = p.strip_prefix(root).unwrap();
                let before = std::fs::read(fixture.join(rel)).ok();
                if before.as_deref() != std::fs::read(&p).ok().as_deref()
                    && !rel.starts_with(".scaffold")
                {
                    *out += 1;
                }
            }
        }
    }
    let mut n = 0;
    walk(
        dir,
        &mut n,
        &manifest_dir().join("tests/fixtures/phx_shop"),
        dir,
    );
    n
}
