//! `sss product`, `sss status`, completions, the man page, colour and the clap definition.

use clap::CommandFactory;
use sss_cli::cli::Cli;

use crate::{bare, json, sss, stderr, stdout, succeeds};

#[test]
fn verify_cli() {
    Cli::command().debug_assert();
}

#[test]
fn product_in_each_format() {
    let page = json(
        &sss()
            .args(["search", "-c", "dresses", "-n", "1", "-f", "json"])
            .output()
            .expect("runs"),
    );
    let id = page["products"][0]["id"]
        .as_str()
        .expect("an id")
        .to_owned();

    let out = succeeds(&["product", &id, "-f", "json"]);
    let product = json(&out);
    assert_eq!(product, page["products"][0]);

    let out = sss()
        .args(["product", &id, "-f", "table"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("id ") && l.ends_with(&id)),
        "{text}"
    );
    assert!(text.contains("finalPrice"), "{text}");

    let out = sss()
        .args(["product", &id, "-f", "ndjson"])
        .output()
        .expect("runs");
    assert_eq!(stdout(&out).lines().count(), 1);
    let out = sss()
        .args(["product", &id, "-f", "csv"])
        .output()
        .expect("runs");
    assert!(stdout(&out).starts_with("id,name,brand,brandId,"));
}

#[test]
fn status_shows_readiness_and_hit_rates() {
    // One miss, then a hit.
    for _ in 0..2 {
        sss()
            .args(["search", "-c", "jeans", "-n", "2"])
            .output()
            .expect("runs");
    }
    let out = sss().args(["status", "-f", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = json(&out);
    assert_eq!(s["ready"], true);
    assert!(
        s["cache"]["searches"].as_u64().is_some_and(|n| n >= 2),
        "{s}"
    );
    assert!(
        s["cache"]["sharedHits"].as_u64().is_some_and(|n| n >= 1),
        "{s}"
    );
    assert!(
        s["cache"]["hitRate"].as_f64().is_some_and(|r| r > 0.0),
        "{s}"
    );
    assert!(
        s["cache"]["fills"]["upstream"]
            .as_u64()
            .is_some_and(|n| n >= 1),
        "{s}"
    );

    let out = sss()
        .args(["status", "-f", "table"])
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(
        text.contains("ready") && text.contains("hit rate"),
        "{text}"
    );
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = bare().args(["completions", shell]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(stdout(&out).contains("categories"), "{shell}");
    }
    let out = bare().arg("man").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let roff = stdout(&out);
    assert!(
        roff.contains(".TH sss 1") && roff.contains("search"),
        "{roff}"
    );
}

/// Bash completes `--category` with the live tree's ids, asking the server through `sss`.
#[test]
fn bash_completes_category_ids_from_the_live_tree() {
    let script = stdout(&bare().args(["completions", "bash"]).output().expect("runs"));
    let dir = std::env::temp_dir().join(format!("sss-completion-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("sss.bash");
    std::fs::write(&file, script).expect("script written");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_sss"))
        .parent()
        .expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {}; COMP_WORDS=(sss search --category dres); COMP_CWORD=3; \
             _sss_categories sss dres --category; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.display()
        ))
        .env("PATH", path)
        .env("SSS_SERVER", crate::server::url())
        .output()
        .expect("bash runs");
    let _ = std::fs::remove_dir_all(&dir);
    let ids = String::from_utf8_lossy(&out.stdout);
    assert!(
        ids.lines().any(|l| l == "dresses"),
        "{ids} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(ids.lines().all(|l| l.starts_with("dres")), "{ids}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let args = ["search", "-c", "dresses", "-n", "2", "-f", "table"];
    let plain = sss().args(args).output().expect("runs");
    assert!(!stdout(&plain).contains('\x1b'));
    let coloured = sss()
        .args(["--color", "always"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        stdout(&coloured).contains("\x1b[1m"),
        "{}",
        stdout(&coloured)
    );
    let never = sss()
        .env("SSS_COLOR", "never")
        .args(args)
        .output()
        .expect("runs");
    assert!(!stdout(&never).contains('\x1b'));
    // NO_COLOR only matters for `auto`, and stdout is not a terminal here anyway.
    let no_color = sss()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("runs");
    assert!(!stdout(&no_color).contains('\x1b'));
}

#[test]
fn version_names_the_commit() {
    let out = bare().arg("--version").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let commit = text
        .trim()
        .strip_prefix(concat!("sss ", env!("CARGO_PKG_VERSION"), " (commit "))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected --version: {text:?}"));
    // Built in a git checkout (as the tests are): HEAD's short hash.
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    match head {
        Some(head) if std::env::var_os("SSS_BUILD_COMMIT").is_none() => assert_eq!(commit, head),
        _ => assert!(!commit.is_empty(), "{text:?}"),
    }
}
