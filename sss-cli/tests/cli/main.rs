//! `sss` end to end: the real binary against a real in-process `sss-daemon serve`.

mod categories;
mod errors;
mod facets;
mod misc;
mod search;
mod server;

use assert_cmd::Command;

/// `sss --server <the test daemon>`, with a clean environment for colour and width.
pub fn sss() -> Command {
    let mut cmd = bare();
    cmd.args(["--server", server::url()]);
    cmd
}

/// Runs `sss` against the test server with `args` and checks that it exited 0.
pub fn succeeds(args: &[&str]) -> std::process::Output {
    let out = sss().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out
}

/// The `id` of every line of NDJSON output.
pub fn ndjson_ids(out: &std::process::Output) -> Vec<String> {
    stdout(out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["id"]
                .as_str()
                .expect("id")
                .to_owned()
        })
        .collect()
}

/// `sss` without a server flag.
pub fn bare() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sss"));
    for var in [
        "SSS_SERVER",
        "SSS_TIMEOUT",
        "SSS_COLOR",
        "NO_COLOR",
        "COLUMNS",
    ] {
        cmd.env_remove(var);
    }
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

/// stdout as text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

/// stderr as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8 stderr")
}

/// stdout parsed as one JSON value.
pub fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}
