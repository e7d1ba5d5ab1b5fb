//! The command line: global options and one subcommand per task. Options that name a server
//! also read `SSS_*` environment variables.

use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use sss_core::api::{DEFAULT_SERVER, parse_timeout};
use sss_core::domain::{Facet, MAX_LIMIT, MAX_OFFSET, Sort};

/// The output defaults and exit codes, shown at the end of `--help`.
macro_rules! exit_codes {
    () => {
        "\
Output:
  --format defaults to `table` when stdout is a terminal and to `json` otherwise, so
  pipes get machine-readable output. Colour is used only on a terminal (--color, NO_COLOR).
  Tables fit the terminal's width, or COLUMNS when it is set.

Exit codes:
  0  success
  1  success with no results (an empty page, no such product), like grep
  2  usage error (a bad flag or value)
  3  the server is unreachable or unhealthy (also: a 5xx answer)
  4  the server rejected the request (its message is shown, with the parameter it names)"
    };
}

const EXIT_CODES: &str = exit_codes!();

const SEARCH_HELP: &str = concat!(
    "\
Examples:
  sss search -c dresses -q blue --sort price-asc
  sss search --category dresses --limit 5 --format json | jq '.products | length'
  sss search -c womens-shoes --all --format ndjson --fields id,name,finalPrice
  sss search -q 'linen shirt' --max-price 80 --sale --format csv > shirts.csv
  sss search -c dresses --brand 'French Connection' --color black --size M --min-discount 30

",
    exit_codes!()
);

/// The version `--version` prints: the package's and the commit it was built from (`build.rs`;
/// `unknown` outside a git checkout).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SSS_BUILD_COMMIT"),
    ")"
);

/// Search the SSS product catalog from the command line.
///
/// Talks to an SSS server (`sss-daemon`) over its public API.
#[derive(Debug, Parser)]
#[command(name = "sss", version = VERSION, about, long_about, after_help = EXIT_CODES)]
pub struct Cli {
    /// The server's base URL.
    #[arg(long, env = "SSS_SERVER", default_value = DEFAULT_SERVER, global = true, value_name = "URL", help_heading = "Global options")]
    pub server: String,

    /// Seconds to wait for each answer.
    #[arg(long, env = "SSS_TIMEOUT", default_value = "10", global = true, value_name = "SECS", value_parser = parse_timeout, help_heading = "Global options")]
    pub timeout: Duration,

    /// When to use colour; `auto` means on a terminal unless NO_COLOR is set. Give it before
    /// the subcommand: in `search`, `--color` is the colour filter.
    #[arg(long, value_enum, env = "SSS_COLOR", default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Print each request's cache status (X-Cache), latency and request id to stderr.
    #[arg(short, long, global = true, action = ArgAction::SetTrue, help_heading = "Global options")]
    pub verbose: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search products by category and/or free text.
    #[command(after_help = SEARCH_HELP)]
    Search(SearchArgs),
    /// Count a search's products by brand, colour, size, price, discount, retailer, category.
    #[command(
        after_help = "Examples:\n  sss facets -c dresses\n  sss facets -c dresses -q linen --facets brand,color --format json"
    )]
    Facets(FacetsArgs),
    /// List the brands (the names `--brand` takes), optionally by name prefix.
    Brands(ListArgs),
    /// List the retailers, optionally by name prefix.
    Retailers(ListArgs),
    /// List the colours, optionally by name prefix.
    Colors(ListArgs),
    /// Suggest completions for what has been typed: categories, brands and searches, with counts.
    #[command(
        after_help = "Examples:\n  sss suggest sne\n  sss suggest 'red dr' --limit 5 --format json"
    )]
    Suggest(SuggestArgs),
    /// List the categories, flat or as a tree.
    Categories(CategoriesArgs),
    /// Show one product.
    Product(ProductArgs),
    /// Show whether the server is ready and how its cache answers.
    Status(StatusArgs),
    /// Print a shell completion script (e.g. `sss completions bash > /etc/bash_completion.d/sss`).
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout (e.g. `sss man | man -l -`).
    Man,
}

/// `sss search`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["category", "query"])))]
pub struct SearchArgs {
    /// A category id (see `sss categories`); its whole subtree matches.
    #[arg(short, long, value_name = "ID")]
    pub category: Option<String>,

    /// Free text; every word must match.
    #[arg(short, long, value_name = "TEXT")]
    pub query: Option<String>,

    /// The order of the results.
    #[arg(short, long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,

    /// Products per page (1-100; default 20, or 100 with --all).
    #[arg(short = 'n', long, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_LIMIT)))]
    pub limit: Option<u32>,

    /// The first product's position (0-5000).
    #[arg(long, conflicts_with = "page", value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_OFFSET)))]
    pub offset: Option<u32>,

    /// The page to show, counting from 1, pages of --limit products.
    #[arg(short, long, value_parser = clap::value_parser!(u32).range(1..))]
    pub page: Option<u32>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Follow the pages to the end of the results or the API's depth cap (5000 products),
    /// printing each page as it arrives.
    #[arg(long)]
    pub all: bool,

    /// The output format (default: table on a terminal, json otherwise).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// The fields to show, comma-separated (e.g. `id,name,finalPrice`); `--fields help` lists
    /// them. Applies to every format.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub fields: Option<Vec<String>>,
}

/// The filters a search and its facet counts share. Brands, retailers, colours and sizes take
/// names (`--brand nike`, resolved through the server's lists: an unknown or ambiguous name is
/// a usage error naming close ones) or ids.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this brand, by name or id (repeatable, or comma-separated; `sss brands` lists them).
    #[arg(long, value_name = "NAME")]
    pub brand: Vec<String>,

    /// Only this retailer, by name or id (repeatable, or comma-separated).
    #[arg(long, value_name = "NAME")]
    pub retailer: Vec<String>,

    /// Only this colour, by name or id (repeatable, or comma-separated).
    #[arg(long, value_name = "NAME")]
    pub color: Vec<String>,

    /// Only this size, by name (`M`, `32`, `One Size`) or id (repeatable, or comma-separated).
    #[arg(long, value_name = "NAME")]
    pub size: Vec<String>,

    /// The lowest price.
    #[arg(long, value_name = "PRICE", value_parser = parse_price)]
    pub min_price: Option<f64>,

    /// The highest price.
    #[arg(long, value_name = "PRICE", value_parser = parse_price)]
    pub max_price: Option<f64>,

    /// Only products on sale.
    #[arg(long)]
    pub sale: bool,

    /// Only products at least this many percent off.
    #[arg(long, value_name = "PCT", value_parser = ["20", "30", "40", "50", "60", "70"])]
    pub min_discount: Option<String>,
}

/// `sss facets`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["category", "query"])))]
pub struct FacetsArgs {
    /// A category id (see `sss categories`); its whole subtree matches.
    #[arg(short, long, value_name = "ID")]
    pub category: Option<String>,

    /// Free text; every word must match.
    #[arg(short, long, value_name = "TEXT")]
    pub query: Option<String>,

    /// The facets to count (comma-separated; default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub facets: Vec<FacetArg>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// The output format (default: table on a terminal, json otherwise).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
}

/// A facet, as `--facets` spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FacetArg {
    /// Brands.
    Brand,
    /// Retailers.
    Retailer,
    /// Colours.
    Color,
    /// Sizes.
    Size,
    /// Price bands.
    Price,
    /// Discounts.
    Discount,
    /// Sub-categories.
    Category,
}

impl From<FacetArg> for Facet {
    fn from(f: FacetArg) -> Facet {
        match f {
            FacetArg::Brand => Facet::Brand,
            FacetArg::Retailer => Facet::Retailer,
            FacetArg::Color => Facet::Color,
            FacetArg::Size => Facet::Size,
            FacetArg::Price => Facet::Price,
            FacetArg::Discount => Facet::Discount,
            FacetArg::Category => Facet::Category,
        }
    }
}

/// `sss brands`, `sss retailers`, `sss colors`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only names starting with this (any word of the name; case-blind).
    #[arg(long, value_name = "TEXT")]
    pub prefix: Option<String>,

    /// The output format (default: table on a terminal, json otherwise).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
}

/// `sss suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// What has been typed (typo-tolerant with the bundled catalog).
    pub prefix: String,

    /// How many suggestions (1-20; default: the server's, 8).
    #[arg(short = 'n', long, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub limit: Option<u32>,

    /// The output format (default: table on a terminal, json otherwise).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
}

/// `sss categories`.
#[derive(Debug, Args)]
pub struct CategoriesArgs {
    /// Show the hierarchy: an indented tree as text, or nested objects with `--format json`.
    #[arg(long)]
    pub tree: bool,

    /// Only this category and those below it.
    #[arg(long, value_name = "ID")]
    pub under: Option<String>,

    /// The output format (default: table on a terminal, json otherwise; the tree is text
    /// unless json is asked for).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
}

/// `sss product`.
#[derive(Debug, Args)]
pub struct ProductArgs {
    /// The product id.
    pub id: String,

    /// The output format (default: table on a terminal, json otherwise).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
}

/// `sss status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The output format (default: table on a terminal, json otherwise).
    #[arg(short, long, value_enum)]
    pub format: Option<StatusFormat>,
}

/// `sss completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns, truncated to the terminal width.
    Table,
    /// The API's JSON objects, pretty-printed.
    Json,
    /// One compact JSON object per line.
    Ndjson,
    /// Comma-separated values with a header row.
    Csv,
}

/// The formats of `sss status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// Lines for people.
    Table,
    /// One JSON object.
    Json,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The API's sort orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// The search's relevance order.
    Relevance,
    /// Cheapest first.
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
    /// Most recently added first.
    Newest,
    /// Most popular first.
    Popular,
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Relevance => Sort::Relevance,
            SortArg::PriceAsc => Sort::PriceAsc,
            SortArg::PriceDesc => Sort::PriceDesc,
            SortArg::Newest => Sort::Newest,
            SortArg::Popular => Sort::Popular,
        }
    }
}

fn parse_price(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|_| {
        format!("{s:?} is not a price; allowed: a non-negative number such as 49.99")
    })?;
    if !v.is_finite() || v < 0.0 {
        return Err("allowed: a non-negative number such as 49.99".into());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_and_prices_are_checked() {
        assert_eq!(parse_timeout("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_timeout("3s"), Ok(Duration::from_secs(3)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("soon").is_err());
        assert!(parse_timeout("NaN").is_err());
        assert_eq!(parse_price("49.99"), Ok(49.99));
        assert!(parse_price("-1").is_err());
        assert!(parse_price("inf").is_err());
    }

    #[test]
    fn search_needs_a_category_or_text() {
        assert!(Cli::try_parse_from(["sss", "search"]).is_err());
        assert!(Cli::try_parse_from(["sss", "search", "-q", "blue"]).is_ok());
        let cli = Cli::try_parse_from(["sss", "search", "-c", "dresses", "--color", "red"])
            .expect("the colour filter");
        let Command::Search(s) = cli.command else {
            panic!("search expected");
        };
        assert_eq!(s.filters.color, ["red"]);
        assert!(
            Cli::try_parse_from(["sss", "search", "-c", "x", "--page", "2", "--offset", "4"])
                .is_err()
        );
        assert!(Cli::try_parse_from(["sss", "search", "-c", "x", "--limit", "101"]).is_err());
    }
}
