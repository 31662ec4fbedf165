//! The wizard on a real terminal and without one.
//!
//! The pseudo-terminal test drives the real binary inside `tmux` (keys in
//! with `send-keys`, the screen read with `capture-pane`) through one full
//! resource. Without `tmux` on the PATH it is skipped with a note.
mod common;

use assert_cmd::Command;
use common::project::{copy_fixture, tree_hash};
use std::time::{Duration, Instant};

#[test]
fn without_a_terminal_scaffold_prints_help_and_exits_2() {
    let dir = copy_fixture("phx_shop");
    let before = tree_hash(dir.path());
    let started = Instant::now();
    let out = Command::cargo_bin("scaffold")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .write_stdin("")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: scaffold"));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "it must not wait for input"
    );
    assert_eq!(tree_hash(dir.path()), before);

    // `scaffold wizard` says why instead of hanging.
    let out = Command::cargo_bin("scaffold")
        .unwrap()
        .current_dir(dir.path())
        .arg("wizard")
        .write_stdin("resource\n")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the wizard needs a terminal"));
    assert_eq!(tree_hash(dir.path()), before);
}

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(
            &self
                .cmd(&["capture-pane", "-p", "-J", "-S", "-", "-t", "w"])
                .stdout,
        )
        .into_owned()
    }

    /// Waits until the screen shows `text` anywhere, then returns it.
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |screen| screen.contains(text))
    }

    /// Waits until the question with `text` is the active one: the last
    /// line mentioning it is followed only by its choices (indented or
    /// marked with `>`) or blank lines.
    fn prompt(&self, text: &str) -> String {
        self.wait_until(text, |screen| {
            let lines: Vec<&str> = screen.lines().collect();
            let Some(at) = lines.iter().rposition(|l| l.contains(text)) else {
                return false;
            };
            lines[at + 1..]
                .iter()
                .all(|l| l.trim().is_empty() || l.starts_with(' ') || l.starts_with('>'))
        })
    }

    fn wait_until(&self, text: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {text:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "w"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success());
    }

    fn type_line(&self, text: &str) {
        if !text.is_empty() {
            assert!(self
                .cmd(&["send-keys", "-t", "w", "-l", text])
                .status
                .success());
        }
        self.keys(&["Enter"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

#[test]
fn wizard_in_a_pseudo_terminal_generates_a_resource() {
    if std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("note: tmux is not installed; skipping the pseudo-terminal test of the wizard");
        return;
    }
    let dir = copy_fixture("ash_shop");
    let bin = assert_cmd::cargo::cargo_bin("scaffold");
    let tmux = Tmux {
        socket: format!("scaffold-wizard-test-{}", std::process::id()),
    };
    let script = format!(
        "cd '{}' && NO_COLOR=1 '{}'; echo EXIT=$?; sleep 60",
        dir.path().display(),
        bin.display()
    );
    // A long history keeps the whole diff readable with capture-pane.
    let started = tmux.cmd(&[
        "start-server",
        ";",
        "set-option",
        "-g",
        "history-limit",
        "100000",
        ";",
        "new-session",
        "-d",
        "-s",
        "w",
        "-x",
        "220",
        "-y",
        "60",
        &script,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );

    tmux.prompt("What do you want to generate?");
    tmux.keys(&["Enter"]); // resource, the first entry
    tmux.prompt("Resource module");
    tmux.type_line("blog.note");
    let screen = tmux.wait_for("did you mean `Blog.Note`");
    assert!(screen.contains("Resource module"), "asked again:\n{screen}");
    // dialoguer keeps the rejected text: clear it first.
    tmux.keys(&["C-u"]);
    tmux.type_line("Blog.Note");
    tmux.prompt("Field name");
    tmux.type_line("title");
    tmux.prompt("Type of `title`");
    tmux.keys(&["Enter"]); // string, the first type
    tmux.prompt("Modifiers of `title`");
    tmux.keys(&["Space", "Enter"]); // required
    tmux.prompt("Default of `title`");
    tmux.type_line("");
    tmux.prompt("Field name");
    tmux.type_line("author");
    tmux.prompt("Type of `author`");
    tmux.type_line("belongs_to");
    tmux.prompt("`author` points to which resource?");
    tmux.type_line("Accounts.User");
    tmux.prompt("Options of `author`");
    tmux.keys(&["Enter"]);
    tmux.prompt("When the target is deleted");
    tmux.keys(&["Enter"]);
    let screen = tmux.prompt("Field name (empty when done)");
    assert_eq!(screen.matches("Field name").count(), 3, "{screen}");
    tmux.type_line("");
    tmux.prompt("Primary key");
    tmux.keys(&["Enter"]);
    tmux.prompt("Data layer");
    tmux.keys(&["Enter"]);
    tmux.prompt("Actions");
    tmux.keys(&["Enter"]);
    tmux.prompt("Add secure-by-default policies?");
    tmux.keys(&["y"]);
    tmux.prompt("Add timestamps");
    tmux.keys(&["y"]);
    tmux.prompt("Write a migration?");
    tmux.keys(&["y"]);
    tmux.prompt("Write tests?");
    tmux.keys(&["y"]);
    tmux.prompt("Also property tests");
    tmux.keys(&["n"]);
    let screen = tmux.prompt("Apply these changes?");
    assert!(
        screen.contains("+++ b/lib/shop/blog/note.ex"),
        "the diff is shown:\n{screen}"
    );
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains(
            "scaffold ash-resource Blog.Note title:string:required author:belongs_to:Accounts.User --policies"
        ),
        "the equivalent command is printed:\n{screen}"
    );
    let note = dir.path().join("lib/shop/blog/note.ex");
    let source = std::fs::read_to_string(&note).unwrap();
    assert!(
        common::ash_dsl::validate_resource(&source).is_empty(),
        "{:?}",
        common::ash_dsl::validate_resource(&source)
    );
    common::elixir::check_tree(&dir.path().join("lib/shop/blog"));
}
