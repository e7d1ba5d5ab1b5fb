//! `sss completions` and `sss man`: generated from the clap definition, no server needed.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::cli::Cli;

/// Bash: `--category` and `--under` complete with the ids of the live tree (`sss categories`,
/// which asks the server named by `SSS_SERVER`), every other word as clap's script does.
const BASH_CATEGORIES: &str = r#"
# Category ids from the live tree for -c/--category and --under (sss categories asks the server).
_sss_categories() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    case "$prev" in
        -c|--category|--under)
            local ids
            ids="$(sss categories --format csv 2>/dev/null | tail -n +2 | cut -d, -f1)"
            COMPREPLY=($(compgen -W "$ids" -- "$cur"))
            return 0
            ;;
    esac
    _sss "$@"
}
complete -F _sss_categories -o bashdefault -o default sss
"#;

/// Writes the completion script for `shell`.
pub fn completions(out: &mut dyn Write, shell: clap_complete::Shell) -> io::Result<()> {
    // Rendered to memory first: the generator cannot report a write error (a closed pipe).
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sss", &mut buf);
    if shell == clap_complete::Shell::Bash {
        buf.extend_from_slice(BASH_CATEGORIES.as_bytes());
    }
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
