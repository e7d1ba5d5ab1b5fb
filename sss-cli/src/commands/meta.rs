//! `sss completions` and `sss man`: generated from the clap definition, no server needed.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::cli::Cli;

/// Writes the completion script for `shell`.
pub fn completions(out: &mut dyn Write, shell: clap_complete::Shell) -> io::Result<()> {
    // Rendered to memory first: the generator cannot report a write error (a closed pipe).
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sss", &mut buf);
    out.write_all(&buf)?;
    out.flush()
}

/// Writes the man page (roff).
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    out.write_all(&buf)?;
    out.flush()
}
