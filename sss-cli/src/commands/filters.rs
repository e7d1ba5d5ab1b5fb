//! The filters of `sss search` and `sss facets`: brand, retailer, colour and size names turned
//! into the ids the API takes.
//!
//! A value of digits is an id, sent as it is. A name is looked up: brands, retailers and
//! colours in the server's lists (`/api/v1/brands?q=<name>`), sizes among the sizes of the
//! search itself (`/api/v1/facets?facets=size`, since sizes depend on what is searched). A
//! name that is some value's name (any case) or the start of exactly one value's name is that
//! value; anything else is a usage error that names the close ones.

use sss_core::api::{NamedValue, SearchParams};
use sss_core::domain::{Facet, ListKind};

use crate::cli::FilterArgs;
use crate::commands::Context;
use crate::exit::Failure;

/// `params` with the filters of `args` added, names resolved to ids.
pub async fn apply(
    ctx: &Context,
    args: &FilterArgs,
    mut params: SearchParams,
) -> Result<SearchParams, Failure> {
    params.min_price = args.min_price;
    params.max_price = args.max_price;
    params.sale = args.sale.then_some(true);
    params.min_discount = args.min_discount.as_deref().and_then(|d| d.parse().ok());
    for (kind, given, into) in [
        (ListKind::Brands, &args.brand, &mut params.brand),
        (ListKind::Retailers, &args.retailer, &mut params.retailer),
        (ListKind::Colors, &args.color, &mut params.color),
    ] {
        for name in split(given) {
            let id = match id_of(&name) {
                Some(id) => id,
                None => {
                    let values = ctx.client.list(kind, Some(&name)).await?.values;
                    let values = if values.is_empty() {
                        // Nothing starts so: the values sharing the first letter, to name close ones.
                        let first: String = name.chars().take(1).collect();
                        ctx.client.list(kind, Some(&first)).await?.values
                    } else {
                        values
                    };
                    pick(kind_name(kind), &name, &values)?
                }
            };
            into.push(id);
        }
    }
    let sizes = split(&args.size);
    if sizes.iter().any(|s| id_of(s).is_none()) {
        // Sizes depend on what is searched: the search's own sizes, without a size filter.
        let page = ctx.client.facets(&params, &[Facet::Size]).await?;
        let offered: Vec<NamedValue> = page
            .facets
            .get("size")
            .map(|values| {
                values
                    .iter()
                    .map(|v| NamedValue {
                        id: v.id.clone().unwrap_or_default(),
                        name: v.name.clone(),
                        count: Some(v.count),
                    })
                    .collect()
            })
            .unwrap_or_default();
        for name in &sizes {
            let id = match id_of(name) {
                Some(id) => id,
                None => pick("size", name, &offered)?,
            };
            params.size.push(id);
        }
    } else {
        params.size.extend(sizes);
    }
    Ok(params)
}

/// The values of a repeatable, comma-separated option, trimmed, empty ones dropped.
fn split(given: &[String]) -> Vec<String> {
    given
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A value of digits is an id.
fn id_of(value: &str) -> Option<String> {
    value
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| value.to_owned())
}

fn kind_name(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Brands => "brand",
        ListKind::Retailers => "retailer",
        ListKind::Colors => "colour",
    }
}

/// The id of the value `name` stands for among `values`: the one of that name (any case), else
/// the only one whose name starts with it; else a usage error naming the close ones.
pub fn pick(what: &str, name: &str, values: &[NamedValue]) -> Result<String, Failure> {
    let folded = name.to_lowercase();
    if let Some(v) = values.iter().find(|v| v.name.to_lowercase() == folded) {
        return Ok(v.id.clone());
    }
    let starting: Vec<&NamedValue> = values
        .iter()
        .filter(|v| v.name.to_lowercase().starts_with(&folded))
        .collect();
    if let [one] = starting.as_slice() {
        return Ok(one.id.clone());
    }
    let close: Vec<&str> = if starting.is_empty() {
        let mut by_distance: Vec<(usize, &str)> = values
            .iter()
            .map(|v| {
                (
                    strsim::levenshtein(&folded, &v.name.to_lowercase()),
                    v.name.as_str(),
                )
            })
            .collect();
        by_distance.sort();
        by_distance.into_iter().take(5).map(|(_, n)| n).collect()
    } else {
        starting.iter().take(8).map(|v| v.name.as_str()).collect()
    };
    let said = if starting.len() > 1 {
        format!("{what} {name:?} is ambiguous; it starts")
    } else {
        format!("no {what} is called {name:?}; close ones")
    };
    Err(Failure::Usage(if close.is_empty() {
        format!("no {what} is called {name:?}")
    } else {
        format!("{said}: {}", close.join(", "))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(id: &str, name: &str) -> NamedValue {
        NamedValue {
            id: id.into(),
            name: name.into(),
            count: None,
        }
    }

    #[test]
    fn names_resolve_exactly_or_by_a_unique_start() {
        let values = [v("1", "Nike"), v("2", "Nina Ricci"), v("3", "Nirvana")];
        assert_eq!(pick("brand", "NIKE", &values).ok(), Some("1".into()));
        assert_eq!(pick("brand", "nir", &values).ok(), Some("3".into()));
        let Err(Failure::Usage(m)) = pick("brand", "ni", &values) else {
            panic!("ambiguous");
        };
        assert!(m.contains("ambiguous") && m.contains("Nina Ricci"), "{m}");
        let Err(Failure::Usage(m)) = pick("brand", "nikee", &values) else {
            panic!("unknown");
        };
        assert!(m.contains("close ones: Nike"), "{m}");
        assert_eq!(split(&["a, b".into(), ",c".into()]), ["a", "b", "c"]);
        assert_eq!(id_of("303"), Some("303".into()));
        assert_eq!(id_of("One Size"), None);
    }
}
