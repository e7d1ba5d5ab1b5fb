//! What the terminal allows: colour, width, whether a stream is a terminal at all.

use std::borrow::Cow;
use std::io::IsTerminal;

use crate::cli::{ColorWhen, Format};

/// Facts about where the output goes, decided once at start.
#[derive(Clone, Copy, Debug)]
pub struct Term {
    /// stdout is a terminal.
    pub stdout_tty: bool,
    /// stderr is a terminal.
    pub stderr_tty: bool,
    /// Colour on stdout.
    pub color_out: bool,
    /// Colour on stderr.
    pub color_err: bool,
    /// The width tables must fit in: `COLUMNS`, else the terminal's; `None`: no limit.
    pub width: Option<usize>,
}

impl Term {
    /// The facts of this process, under `--color when`.
    pub fn detect(when: ColorWhen) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let color = |tty: bool| match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => tty && !no_color && !dumb,
        };
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|c| *c > 0);
        let width = columns.or_else(|| {
            stdout_tty
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten()
        });
        Self {
            stdout_tty,
            stderr_tty,
            color_out: color(stdout_tty),
            color_err: color(stderr_tty),
            width,
        }
    }

    /// The format to use: the one asked for, else table on a terminal and json otherwise.
    pub fn format(&self, asked: Option<Format>) -> Format {
        asked.unwrap_or(if self.stdout_tty {
            Format::Table
        } else {
            Format::Json
        })
    }

    /// Styles for stdout.
    pub fn out(&self) -> Style {
        Style(self.color_out)
    }

    /// Styles for stderr.
    pub fn err(&self) -> Style {
        Style(self.color_err)
    }
}

/// ANSI styles, or none.
#[derive(Clone, Copy, Debug)]
pub struct Style(pub bool);

impl Style {
    fn paint<'a>(self, code: &str, s: &'a str) -> Cow<'a, str> {
        if self.0 && !s.is_empty() {
            Cow::Owned(format!("\x1b[{code}m{s}\x1b[0m"))
        } else {
            Cow::Borrowed(s)
        }
    }

    /// Bold.
    pub fn bold(self, s: &str) -> Cow<'_, str> {
        self.paint("1", s)
    }

    /// Dim.
    pub fn dim(self, s: &str) -> Cow<'_, str> {
        self.paint("2", s)
    }

    /// Red and bold.
    pub fn red(self, s: &str) -> Cow<'_, str> {
        self.paint("1;31", s)
    }

    /// Green.
    pub fn green(self, s: &str) -> Cow<'_, str> {
        self.paint("32", s)
    }

    /// Yellow.
    pub fn yellow(self, s: &str) -> Cow<'_, str> {
        self.paint("33", s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_only_when_on() {
        assert_eq!(Style(false).bold("x"), "x");
        assert_eq!(Style(true).bold("x"), "\x1b[1mx\x1b[0m");
        assert_eq!(Style(true).red(""), "");
    }
}
