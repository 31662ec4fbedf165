//! Printing a report: grouped by severity and coloured for people, one
//! JSON object for tools.

use std::collections::HashSet;
use std::io::Write;

use console::style;

use super::{Check, Finding, Options, Report, Severity};
use crate::changes::Status;
use crate::cli::output::Output;

/// Prints the report (text or JSON) unless `--quiet`.
pub(crate) fn print(report: &Report, out: Output, opts: &Options) {
    if out.json {
        if !opts.fix {
            emit(&serde_json::to_string_pretty(&json(report)).unwrap_or_default());
        }
        return;
    }
    if out.quiet {
        return;
    }
    emit(&text(report));
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn emit(text: &str) {
    let mut w = std::io::stdout().lock();
    let _ = w.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = w.write_all(b"\n");
    }
    let _ = w.flush();
}

/// The JSON object of a report: `findings`, `summary`, `files_read`,
/// `files_parsed`.
pub(crate) fn json(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "findings": report.findings,
        "summary": {
            "error": report.count(Severity::Error),
            "warning": report.count(Severity::Warning),
            "info": report.count(Severity::Info),
        },
        "files_read": report.files_read,
        "files_parsed": report.files_parsed,
    })
}

/// With `--fix --json`: the report plus what the fix planned or applied.
pub(crate) fn print_fix_json(
    report: &Report,
    files: &[(String, Status)],
    notes: &[String],
    fixed: &HashSet<usize>,
    dry_run: bool,
    applied: bool,
) {
    let mut v = json(report);
    let mut fixed_list: Vec<usize> = fixed.iter().copied().collect();
    fixed_list.sort_unstable();
    v["fix"] = serde_json::json!({
        "dry_run": dry_run,
        "applied": applied,
        "fixed": fixed_list.iter().map(|i| {
            let f = &report.findings[*i];
            serde_json::json!({"check": f.check.id(), "file": f.file, "line": f.line})
        }).collect::<Vec<_>>(),
        "files": files.iter().map(|(p, s)| serde_json::json!({"path": p, "status": s})).collect::<Vec<_>>(),
        "notes": notes,
    });
    emit(&serde_json::to_string_pretty(&v).unwrap_or_default());
}

fn heading(sev: Severity, n: usize) -> String {
    let word = match (sev, n) {
        (Severity::Error, 1) => "1 error".to_string(),
        (Severity::Error, n) => format!("{n} errors"),
        (Severity::Warning, 1) => "1 warning".to_string(),
        (Severity::Warning, n) => format!("{n} warnings"),
        (Severity::Info, n) => format!("{n} info"),
    };
    let s = style(word).bold();
    match sev {
        Severity::Error => s.red(),
        Severity::Warning => s.yellow(),
        Severity::Info => s.cyan(),
    }
    .to_string()
}

fn entry(f: &Finding, buf: &mut String) {
    let at = style(format!("{}:{}", f.file, f.line)).bold();
    buf.push_str(&format!(
        "  {at}  {}  {}\n",
        f.message,
        style(format!("[{}]", f.check.id())).dim()
    ));
    if let Some(fix) = &f.fix {
        buf.push_str(&format!("    {} {}\n", style("fix:").green(), fix));
    }
    if let Some(snippet) = &f.snippet {
        buf.push_str(&format!("    {}\n", style("by hand:").green()));
        for l in snippet.lines() {
            buf.push_str(&format!("      {l}\n"));
        }
    }
}

/// The report as text, grouped by severity (most severe first). Missing
/// tests are summarised with a count before their list.
pub(crate) fn text(report: &Report) -> String {
    let mut buf = String::new();
    if report.findings.is_empty() {
        buf.push_str(&format!(
            "{} ({} files read, {} parsed)\n",
            style("no problems found").green().bold(),
            report.files_read,
            report.files_parsed
        ));
        return buf;
    }
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == sev)
            .collect();
        if group.is_empty() {
            continue;
        }
        buf.push_str(&format!("{}\n", heading(sev, group.len())));
        let (tests, others): (Vec<&Finding>, Vec<&Finding>) = group
            .into_iter()
            .partition(|f| f.check == Check::MissingTest);
        for f in others {
            entry(f, &mut buf);
        }
        if !tests.is_empty() {
            let fixable = tests.iter().filter(|f| f.fix.is_some()).count();
            buf.push_str(&format!(
                "  {} module(s) under lib/ have no test file mirroring their path {}\n",
                tests.len(),
                style("[missing-test]").dim()
            ));
            for f in &tests {
                buf.push_str(&format!("    {}:{}  {}\n", f.file, f.line, f.message));
            }
            if fixable > 0 {
                buf.push_str(&format!(
                    "    {} scaffold doctor --fix --only missing-test ({fixable} resource/process test skeleton(s))\n",
                    style("fix:").green()
                ));
            }
        }
        buf.push('\n');
    }
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .filter(|s| report.count(**s) > 0)
        .map(|s| heading(*s, report.count(*s)))
        .collect();
    buf.push_str(&format!(
        "{} ({} files read, {} parsed)\n",
        parts.join(", "),
        report.files_read,
        report.files_parsed
    ));
    buf
}
