//! Exit codes and error lines: unreachable, rejected, no results, usage, broken pipe.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::{bare, server, sss, stderr, stdout};

/// One line on stderr, no Rust debug dump.
fn assert_one_clean_line(err: &str) {
    assert_eq!(err.lines().count(), 1, "{err}");
    for dump in ["panicked", "Error {", "RUST_BACKTRACE", "kind:"] {
        assert!(!err.contains(dump), "{err}");
    }
}

#[test]
fn no_server_is_exit_3_with_a_clear_message() {
    let url = server::closed_port_url();
    for args in [
        &["search", "-c", "dresses"][..],
        &["categories"],
        &["product", "1"],
        &["status"],
    ] {
        let out = bare()
            .args(["--server", &url])
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_one_clean_line(&err);
        assert!(
            err.starts_with("sss: error: cannot reach the server at"),
            "{err}"
        );
        assert!(err.contains(&url) && err.contains("SSS_SERVER"), "{err}");
        assert!(out.stdout.is_empty());
    }
    // SSS_SERVER works like --server.
    let out = bare()
        .env("SSS_SERVER", &url)
        .args(["status"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    // A server URL that is not one is a usage error.
    let out = bare()
        .args(["--server", "not a url", "status"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_one_clean_line(&stderr(&out));
}

#[test]
fn a_rejected_request_is_exit_4_with_the_servers_message() {
    let out = sss()
        .args(["search", "-c", "no-such-cat"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert_one_clean_line(&err);
    assert!(err.contains("parameter cat"), "{err}");
    assert!(
        err.contains("unknown category \"no-such-cat\"; close ones:"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let out = sss()
        .args(["search", "-c", "dresess"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("dresses"), "{}", stderr(&out));

    let out = sss().args(["product", "bad id"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("parameter id"), "{}", stderr(&out));
}

#[test]
fn no_results_is_exit_1_and_usage_errors_are_exit_2() {
    let out = sss()
        .args(["search", "-q", "qqxqzzv"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).expect("still the page");
    assert_eq!(page["total"], 0);
    let out = sss()
        .args(["search", "-q", "qqxqzzv", "-f", "ndjson"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());

    let out = sss().args(["product", "999999999"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no product with id \"999999999\""),
        "{}",
        stderr(&out)
    );

    for args in [
        &["search"][..],
        &["search", "-c", "dresses", "--limit", "101"],
        &["search", "-c", "dresses", "--sort", "cheapest"],
        &["search", "-c", "dresses", "--offset", "4990"],
        &["search", "-c", "dresses", "--page", "300"],
        &["search", "-c", "dresses", "--min-price", "-3"],
        &["search", "-c", "dresses", "--timeout", "0"],
        &["categories", "--tree", "-f", "csv"],
        &["nonsense"],
    ] {
        let out = bare()
            .args(["--server", &server::closed_port_url()])
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    let out = bare().arg("--help").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    assert!(
        help.contains("Exit codes:") && help.contains("4  the server rejected"),
        "{help}"
    );
    assert!(help.contains("`json` otherwise"), "{help}");
}

#[test]
fn a_closed_pipe_is_a_clean_exit() {
    for format in ["ndjson", "json", "csv", "table"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sss"))
            .args([
                "--server",
                server::url(),
                "search",
                "-c",
                "women",
                "--all",
                "--format",
                format,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line).expect("one line");
        assert!(!line.is_empty(), "{format}");
        drop(reader);
        let out = child.wait_with_output().expect("exits");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {err}");
        assert!(err.is_empty(), "{format}: {err}");
    }
}

#[test]
fn an_unhealthy_server_is_exit_3() {
    let url = server::unhealthy_url();
    let out = bare()
        .args(["--server", &url, "status", "-f", "table"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("not ready: redis: connection refused"),
        "{text}"
    );
    assert!(text.contains("no figures"), "{text}");
    let err = stderr(&out);
    assert_one_clean_line(&err);
    assert!(
        err.ends_with("is not ready: redis: connection refused\n"),
        "{err}"
    );

    let out = bare()
        .args(["--server", &url, "search", "-c", "dresses"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert_one_clean_line(&err);
    assert!(
        err.contains("the server failed (502): the product source failed"),
        "{err}"
    );

    let out = bare()
        .args(["--server", &url, "categories"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert_one_clean_line(&err);
    assert!(err.contains("unexpected answer from"), "{err}");
}

#[test]
fn a_silent_server_times_out_with_exit_3() {
    let (_listener, url) = server::silent();
    let started = std::time::Instant::now();
    let out = bare()
        .args([
            "--server",
            &url,
            "--timeout",
            "0.5",
            "search",
            "-c",
            "dresses",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert_one_clean_line(&err);
    assert!(err.contains("no answer within 0.5s"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
