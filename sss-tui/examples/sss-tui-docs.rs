//! Writes sss-tui's man page and shell completions into a folder, from its clap definition (the
//! Debian package ships them; `scripts/package-deb`):
//!
//!     cargo run -p sss-tui --example sss-tui-docs -- OUT_DIR
//!
//! gives `OUT_DIR/sss-tui.1`, `sss-tui.bash`, `_sss-tui` (zsh) and `sss-tui.fish`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;
use sss_tui::cli::Cli;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: sss-tui-docs OUT_DIR");
        return ExitCode::from(2);
    };
    match write(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sss-tui-docs: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}

fn write(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut man = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut man)?;
    std::fs::write(dir.join("sss-tui.1"), man)?;
    for (shell, name) in [
        (Shell::Bash, "sss-tui.bash"),
        (Shell::Zsh, "_sss-tui"),
        (Shell::Fish, "sss-tui.fish"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "sss-tui", &mut out);
        std::fs::write(dir.join(name), out)?;
    }
    Ok(())
}
