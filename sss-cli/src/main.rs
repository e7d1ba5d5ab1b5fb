//! `sss`: the command-line client of SSS. Everything is in the library; see `sss_cli::main`.

fn main() -> std::process::ExitCode {
    sss_cli::main()
}
