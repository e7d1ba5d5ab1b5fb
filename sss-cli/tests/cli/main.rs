//! `sss` end to end: the real binary against a real in-process `sss-daemon serve`.

mod categories;
mod errors;
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
