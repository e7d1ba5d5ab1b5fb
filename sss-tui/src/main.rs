//! `sss-tui`: not built yet. Its issue describes what it will do; until then it says so and
//! exits with status 2.

fn main() -> std::process::ExitCode {
    eprintln!(
        "sss-tui: not built yet. Use the web page or the API of `sss-daemon` (http://127.0.0.1:8088) meanwhile."
    );
    std::process::ExitCode::from(2)
}
