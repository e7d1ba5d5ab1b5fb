//! Tests of the catalog over the bundled data and over small hand-written data.

use std::sync::OnceLock;

use super::*;
use crate::domain::TextMatch;

fn bundled() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| match Catalog::bundled() {
        Ok(c) => c,
        Err(e) => panic!("bundled catalog: {e}"),
    })
}

fn req(cat: Option<&str>, fts: Option<&str>, fl: &[&str], sort: Option<&str>) -> SearchRequest {
    SearchRequest::first(cat, fts, fl, sort, 100)
}

fn search(r: &SearchRequest) -> SsSearchResponse {
    match bundled().search(r) {
        Ok(s) => s,
        Err(e) => panic!("{r:?}: {e}"),
    }
}

fn cats_of(p: &SsProduct) -> Vec<String> {
    p.categories.iter().map(|c| c.id.clone()).collect()
}

#[test]
fn bundled_catalog_has_every_product_and_category() {
    let c = bundled();
    assert_eq!(c.len(), 44_446);
    assert_eq!(c.category_count(), 1 + 847 + 82);
    let all = search(&req(None, None, &[], None));
    assert_eq!(all.metadata.total, 44_446);
    assert_eq!(
        c.category_product_count("clothes-shoes-and-jewelry"),
        Some(44_446)
    );
    // Only balls and a voucher have no category below the root.
    let root_only: Vec<&str> = c
        .items
        .iter()
        .filter(|it| *it.cats == [tree::ROOT])
        .map(|it| &*it.article_type)
        .collect();
    assert_eq!(root_only.len(), 22, "{root_only:?}");
}

fn err(r: &SearchRequest) -> CatalogError {
    match bundled().search(r) {
        Ok(_) => panic!("{r:?} should fail"),
        Err(e) => e,
    }
}

/// `(id, articleType, gender, name)` of every row of the bundled `styles.csv`, read here
/// independently of the catalog.
fn rows() -> Vec<(u64, String, String, String)> {
    let mut rdr = csv::Reader::from_reader(Sources::bundled().styles_csv.as_bytes());
    rdr.records()
        .filter_map(Result::ok)
        .map(|r| {
            let f = |i: usize| r.get(i).unwrap_or_default().to_owned();
            (f(0).parse().unwrap_or(0), f(4), f(1), f(9))
        })
        .collect()
}

#[test]
fn dresses_total_matches_the_data() {
    // Every Dresses row for women, unisex or men, except kids' dresses whose names say so
    // (`Girl's`, `Kids`), which sit under girls-dresses.
    let kid = [
        "girl", "girls", "girl's", "boy", "boys", "boy's", "kids", "kid's",
    ];
    let expected = rows()
        .iter()
        .filter(|(_, at, g, name)| {
            at == "Dresses"
                && matches!(g.as_str(), "Women" | "Men" | "Unisex")
                && !name
                    .split_whitespace()
                    .any(|w| kid.contains(&w.to_lowercase().as_str()))
        })
        .count() as u64;
    assert_eq!(expected, 356);
    let r = search(&SearchRequest {
        limit: 5,
        ..req(Some("dresses"), None, &[], None)
    });
    assert_eq!(r.metadata.total, expected);
    assert_eq!(r.products.len(), 5);
    assert_eq!(
        r.metadata.category.as_ref().map(|c| c.id.as_str()),
        Some("dresses")
    );
    let girls = search(&req(Some("girls-dresses"), None, &[], None))
        .metadata
        .total;
    assert_eq!(
        girls,
        464 - expected,
        "the other Dresses rows are girls' dresses"
    );
}

#[test]
fn every_product_sits_in_the_subtree_it_is_listed_under() {
    for cat in [
        "dresses",
        "womens-shoes",
        "mens-jeans",
        "boys",
        "womens-boots-ankle",
    ] {
        let r = search(&req(Some(cat), None, &[], None));
        for p in &r.products {
            let ok = p.categories.iter().any(|c| {
                let mut cur = bundled().tree.get(&c.id);
                while let Some(i) = cur {
                    if bundled().tree.node(i).cat.id == cat {
                        return true;
                    }
                    cur = bundled().tree.node(i).parent;
                }
                false
            });
            assert!(ok, "{} in {cat}: {:?}", p.name, cats_of(p));
        }
    }
}

#[test]
fn every_seed_category_answers_and_most_have_products() {
    let seeds = seed_category_ids();
    assert_eq!(seeds.len(), 262);
    let mut with = 0;
    for s in &seeds {
        let r = search(&SearchRequest {
            limit: 1,
            ..req(Some(s), None, &[], None)
        });
        if r.metadata.total > 0 {
            with += 1;
        }
    }
    // The data has no bridal, maternity, petite or plus-size ranges and few fine-grained
    // shoe styles; everything else it has is reachable.
    assert!(with >= 125, "only {with} seed categories have products");
    let ankle = search(&req(Some("womens-boots-ankle"), None, &[], None));
    assert!(ankle.metadata.total >= 1);
}

#[test]
fn name_words_refine_the_category() {
    let c = bundled();
    let has = |id: u64, cat: &str| {
        let cats = c.product_category_ids(id).unwrap_or_default();
        assert!(cats.iter().any(|x| x == cat), "{id}: {cats:?} lacks {cat}");
    };
    has(13544, "womens-boots-ankle"); // Carlton London Women Coffee Brown Desert Boots
    has(7185, "skinny-jeans"); // Jealous 21 Women Supper Skinny Zipped Ankle ... Jeans
    has(7185, "cropped-jeans");
    has(15970, "mens-longsleeve-shirts"); // Turtle Check Men Navy Blue Shirt
}

/// A catalog over hand-written rows and the bundled categories.
fn small(rows: &str) -> Catalog {
    let csv = format!(
        "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,\
         productDisplayName\n{rows}"
    );
    let src = Sources {
        styles_csv: &csv,
        image_urls_csv: "id,imageUrl\n1,http://img.example/1.jpg\n",
        // The bundled vocabulary names products these few rows lack.
        vocabulary_json: r#"{"synonyms": []}"#,
        ..Sources::bundled()
    };
    match Catalog::from_sources(&src) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn classification_of_hand_written_rows() {
    let c = small(
        "1,Women,Apparel,Bottomwear,Jeans,Blue,Summer,2012,Casual,Acme Women Blue Skinny Jeans\n\
         2,Women,Apparel,Dress,Dresses,Red,Summer,2012,Party,Acme Women Red Maxi Dress\n\
         3,Women,Footwear,Shoes,Casual Shoes,Black,Winter,2012,Casual,Acme Women Black Ankle Boots\n\
         4,Men,Footwear,Flip Flops,Flip Flops,Brown,Summer,2012,Casual,Acme Men Brown Flip Flops\n\
         5,Women,Apparel,Topwear,Sweaters,Grey,Winter,2012,Casual,Acme Women Grey Cardigan\n\
         6,Men,Apparel,Topwear,Jackets,Blue,Winter,2012,Casual,Acme Men Blue Denim Jacket\n\
         7,Boys,Apparel,Topwear,Tshirts,Blue,Summer,2012,Casual,Acme Boys Blue Tshirt\n\
         8,Unisex,Accessories,Eyewear,Sunglasses,Black,Summer,2012,Casual,Acme Unisex Sunglasses\n\
         9,Men,Sporting Goods,Sports Equipment,Basketballs,Orange,Summer,2012,Sports,Acme Ball\n\
         10,Men,Apparel,Topwear,Tshirts,Red,Summer,2012,Casual,Acme Boy's Red Tee Kidswear\n\
         11,Women,Footwear,Shoes,Heels,Gold,Summer,2012,Casual,Acme Women Gold Wedges\n\
         12,Men,Free Items,Free Gifts,Free Gifts,Black,Summer,2012,Casual,Acme Men Black Dial Watch\n",
    );
    let cats = |id: u64| c.product_category_ids(id).unwrap_or_default();
    assert_eq!(cats(1), ["skinny-jeans"]);
    assert_eq!(cats(2), ["maxi-dresses", "party-dresses"]);
    assert_eq!(cats(3), ["womens-boots-ankle", "boots"]);
    assert_eq!(cats(4), ["mens-flip-flops"]);
    assert_eq!(cats(5), ["cardigan-sweaters"]);
    assert_eq!(cats(6), ["mens-denim-jackets", "mens-jacket"]);
    assert_eq!(cats(7), ["boys-tees-and-tshirts"]);
    assert_eq!(cats(8), ["sunglasses", "mens-sunglasses"]);
    assert_eq!(cats(9), ["clothes-shoes-and-jewelry"]);
    assert_eq!(cats(10), ["boys-tees-and-tshirts"], "the name says boy's");
    assert_eq!(cats(11), ["wedges"]);
    assert_eq!(
        cats(12),
        ["mens-watches"],
        "a free gift is what its name says"
    );
    assert_eq!(c.category_product_count("women"), Some(6));
    assert_eq!(c.category_product_count("men"), Some(4));
    assert_eq!(c.category_product_count("dresses"), Some(1));
    // A product with an image comes first in relevance order.
    let all = match c.search(&req(None, None, &[], None)) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        all.products.first().map(|p| p.id.to_string()),
        Some("1".to_owned())
    );
    let img = all.products[0]
        .image
        .as_ref()
        .and_then(|i| i.sizes.get("Best"))
        .map(|s| s.url.clone());
    assert_eq!(img.as_deref(), Some("http://img.example/1.jpg"));
    let none = all.products[1]
        .image
        .as_ref()
        .and_then(|i| i.sizes.get("Original"))
        .cloned();
    assert_eq!(
        none.map(|s| (s.url, s.width)),
        Some((PLACEHOLDER_IMAGE.to_owned(), None))
    );
}

#[test]
fn fts_requires_every_word() {
    let r = search(&req(None, Some("Blue JEANS"), &[], None));
    assert!(r.metadata.total > 100, "{}", r.metadata.total);
    assert_eq!(r.metadata.text_match(), Some(TextMatch::Exact));
    for p in &r.products {
        let mut text = format!("{} {:?}", p.name.to_lowercase(), cats_of(p));
        for c in &p.colors {
            text.push_str(&c.name.to_lowercase());
        }
        for c in &p.categories {
            text.push_str(&format!(" {} {:?}", c.name, c.full_name).to_lowercase());
        }
        assert!(
            text.contains("blue") && (text.contains("jean") || text.contains("denim")),
            "{text}"
        );
    }
    // Products with the words in order in the name come first.
    let first = &r.products[0].name.to_lowercase();
    assert!(first.contains("blue jeans"), "{first}");
    for nothing in ["!!! ---", "the", "zzzzqqq"] {
        let r = search(&req(None, Some(nothing), &[], None));
        assert_eq!(r.metadata.total, 0, "{nothing}");
        assert_eq!(r.metadata.text_match(), None, "{nothing}");
    }
    let one = search(&req(Some("dresses"), Some("printed"), &[], None))
        .metadata
        .total;
    assert!(one > 0 && one < 356);
    // No text, no statement.
    let r = search(&req(Some("dresses"), None, &[], None));
    assert!(r.metadata.extra.get("match").is_none());
}

/// The data's labels of a product: (gender, article type, base colour, name).
fn labels(id: &str) -> (String, String, String, String) {
    static L: OnceLock<std::collections::HashMap<String, [String; 4]>> = OnceLock::new();
    let all = L.get_or_init(|| {
        let mut rdr = csv::Reader::from_reader(Sources::bundled().styles_csv.as_bytes());
        rdr.records()
            .filter_map(Result::ok)
            .map(|r| {
                let f = |i: usize| r.get(i).unwrap_or_default().to_owned();
                (f(0), [f(1), f(4), f(5), f(9)])
            })
            .collect()
    });
    let [g, t, c, n] = all
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} not in the data"));
    (g, t, c, n)
}

fn first_types(fts: &str, n: usize) -> Vec<String> {
    let r = search(&req(None, Some(fts), &[], None));
    r.products
        .iter()
        .take(n)
        .map(|p| labels(&p.id.to_string()).1)
        .collect()
}

#[test]
fn the_shoppers_vocabulary_finds_what_names_do_not_say() {
    // Regional words, synonyms and phrases find the data's article types.
    for (words, types) in [
        ("trainers", &["Sports Shoes", "Casual Shoes"][..]),
        ("sneakers", &["Sports Shoes", "Casual Shoes"]),
        ("high heels", &["Heels"]),
        ("jumper", &["Sweaters"]),
        ("joggers", &["Track Pants"]),
        ("track pants", &["Track Pants"]),
        ("tee", &["Tshirts"]),
        ("shades", &["Sunglasses"]),
        ("purse", &["Handbags", "Clutches", "Wallets"]),
        (
            "nightwear",
            &[
                "Night suits",
                "Nightdress",
                "Lounge Pants",
                "Lounge Shorts",
                "Lounge Tshirts",
                "Baby Dolls",
                "Robe",
                "Bath Robe",
            ],
        ),
    ] {
        let r = search(&req(None, Some(words), &[], None));
        assert!(r.metadata.total >= 100, "{words}: {}", r.metadata.total);
        assert_ne!(r.metadata.text_match(), Some(TextMatch::Partial), "{words}");
        for t in first_types(words, 10) {
            assert!(types.contains(&t.as_str()), "{words}: {t}");
        }
    }
    // Gendered forms: every spelling finds the same products.
    let total = |q: &str| search(&req(None, Some(q), &[], None)).metadata.total;
    let men = total("men watches");
    assert!(men > 500, "{men}");
    for q in [
        "mens watches",
        "men's watches",
        "watches for men",
        "gents watches",
        "Men Watches",
    ] {
        assert_eq!(total(q), men, "{q}");
    }
    let women = total("women watches");
    for q in [
        "ladies watches",
        "womens watches",
        "women's watches",
        "watches for her",
    ] {
        assert_eq!(total(q), women, "{q}");
    }
    for p in search(&req(None, Some("ladies watches"), &[], None)).products {
        let (gender, t, _, name) = labels(&p.id.to_string());
        assert!(matches!(gender.as_str(), "Women" | "Unisex"), "{name}");
        assert_eq!(t, "Watches", "{name}");
    }
    // Colours (with their regional spellings) and brands, alone and as phrases.
    let grey = total("grey t-shirt");
    assert!(grey > 100 && total("gray t-shirt") >= grey, "{grey}");
    for p in search(&req(None, Some("navy shirts"), &[], None))
        .products
        .iter()
        .take(10)
    {
        let (_, t, colour, name) = labels(&p.id.to_string());
        assert!(t == "Shirts" && colour == "Navy Blue", "{name}");
    }
    for p in search(&req(None, Some("peter england"), &[], None)).products {
        assert_eq!(
            p.brand.as_ref().map(|b| b.name.as_str()),
            Some("Peter England")
        );
    }
    // "ucb" is a brand of its own and also the short name of United Colors of Benetton.
    let ucb = search(&req(None, Some("ucb"), &[], None));
    assert!(ucb.metadata.total > 1400, "{}", ucb.metadata.total);
    for p in &ucb.products {
        let brand = p.brand.as_ref().map_or("", |b| b.name.as_str());
        assert!(
            brand == "UCB" || brand == "United Colors of Benetton",
            "{brand}"
        );
    }
}

#[test]
fn ranking_puts_the_type_asked_for_before_names_that_mention_it() {
    // "shirt" is in every T-shirt's name, but the article type Shirts ranks first.
    assert!(first_types("shirt", 20).iter().all(|t| t == "Shirts"));
    assert!(first_types("shirts", 20).iter().all(|t| t == "Shirts"));
    // "womens flats": flats, for women (the data labels a few products named "Flats" heels).
    let flats = search(&req(None, Some("womens flats"), &[], None));
    let good = flats.products[..10]
        .iter()
        .filter(|p| {
            let (gender, t, _, _) = labels(&p.id.to_string());
            t == "Flats" && matches!(gender.as_str(), "Women" | "Unisex")
        })
        .count();
    assert!(good >= 8, "{good} of 10");
    // A brand with a type: that brand's products of that type first.
    for p in search(&req(None, Some("puma t-shirt"), &[], None))
        .products
        .iter()
        .take(10)
    {
        let (_, t, _, name) = labels(&p.id.to_string());
        assert!(t == "Tshirts" && name.starts_with("Puma"), "{name}");
    }
    // The words in order in the name come before the same words apart.
    let r = search(&req(None, Some("red dress"), &[], None));
    assert!(
        r.products[0].name.to_lowercase().contains("red dress"),
        "{}",
        r.products[0].name
    );
    assert_eq!(r.metadata.text_match(), Some(TextMatch::Exact));
    // A relevance page is the start of the relevance order: pages tile it.
    let all = search(&req(None, Some("blue shirt"), &[], None));
    let mut second = req(None, Some("blue shirt"), &[], None);
    second.offset = 50;
    second.limit = 50;
    let second = search(&second);
    assert_eq!(all.products[50].id, second.products[0].id);
}

#[test]
fn no_match_of_every_word_falls_back_to_the_closest() {
    let r = search(&req(None, Some("denim jacket"), &[], None));
    assert_eq!(r.metadata.text_match(), Some(TextMatch::Partial));
    assert!(r.metadata.total >= 258, "{}", r.metadata.total);
    assert!(
        first_types("denim jacket", 30)
            .iter()
            .all(|t| t == "Jackets")
    );
    // The products matching the most words are the answer: two of three words beat one.
    let r = search(&req(None, Some("blue jeans zzzzqqq"), &[], None));
    assert_eq!(r.metadata.text_match(), Some(TextMatch::Partial));
    let both = search(&req(None, Some("blue jeans"), &[], None))
        .metadata
        .total;
    assert_eq!(r.metadata.total, both);
    // Sorts order the partial set; filters still hold.
    let r = search(&req(
        None,
        Some("denim jacket"),
        &["p20:22"],
        Some("PriceLoHi"),
    ));
    assert_eq!(r.metadata.text_match(), Some(TextMatch::Partial));
    let prices: Vec<f64> = r.products.iter().map(effective).collect();
    assert!(
        !prices.is_empty() && prices.iter().all(|&p| p < 50.0),
        "{prices:?}"
    );
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    // Within a category that lacks the words, nothing found stays nothing.
    let r = search(&req(Some("dresses"), Some("zzzzqqq"), &[], None));
    assert_eq!(r.metadata.total, 0);
    // A total-only request still states the match.
    let mut count = req(None, Some("denim jacket"), &[], None);
    count.limit = 0;
    assert_eq!(
        search(&count).metadata.text_match(),
        Some(TextMatch::Partial)
    );
}

fn effective(p: &SsProduct) -> f64 {
    p.sale_price.or(p.price).unwrap_or(0.0)
}

#[test]
fn sorts_are_ordered() {
    let lo = search(&req(Some("womens-shoes"), None, &[], Some("PriceLoHi")));
    assert!(
        lo.products
            .windows(2)
            .all(|w| effective(&w[0]) <= effective(&w[1]))
    );
    let hi = search(&req(Some("womens-shoes"), None, &[], Some("PriceHiLo")));
    assert!(
        hi.products
            .windows(2)
            .all(|w| effective(&w[0]) >= effective(&w[1]))
    );
    let new = search(&req(Some("women"), Some("shirt"), &[], Some("Recency")));
    assert!(
        new.products
            .windows(2)
            .all(|w| w[0].extract_date >= w[1].extract_date)
    );
    let pop = search(&req(None, None, &[], Some("Popular")));
    assert!(
        pop.products
            .windows(2)
            .all(|w| w[0].favorite_count >= w[1].favorite_count)
    );
    assert_eq!(lo.metadata.total, hi.metadata.total);
}

#[test]
fn pages_tile_the_result() {
    for sort in [None, Some("PriceLoHi"), Some("Recency")] {
        let mut seen = Vec::new();
        let mut total = 0;
        for offset in (0..400).step_by(100) {
            let r = search(&SearchRequest {
                offset,
                ..req(Some("handbags"), None, &[], sort)
            });
            total = r.metadata.total;
            seen.extend(r.products.iter().map(|p| p.id.to_string()));
        }
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), n, "no product twice ({sort:?})");
        assert_eq!(n as u64, total.min(400));
    }
}

#[test]
fn filters_narrow_the_result() {
    let c = bundled();
    let brands = c.brands();
    let nike = brands
        .brands
        .iter()
        .find(|b| b.name == "Nike")
        .map(|b| b.id.to_string());
    let nike = nike.unwrap_or_default();
    let r = search(&req(Some("men"), None, &[&format!("b{nike}")], None));
    assert!(r.metadata.total > 500);
    assert!(
        r.products
            .iter()
            .all(|p| p.brand.as_ref().is_some_and(|b| b.name == "Nike"))
    );
    let two = search(&req(Some("men"), None, &[&format!("b{nike}"), "b1"], None))
        .metadata
        .total;
    assert!(two >= r.metadata.total, "filters of one kind are OR-ed");
    let red = search(&req(Some("dresses"), None, &["c7"], None));
    assert!(
        red.products
            .iter()
            .all(|p| p.colors[0].canonical_colors[0].name == "Red")
    );
    let r2 = search(&req(None, Some("watch"), &["r2"], None));
    assert!(
        r2.products
            .iter()
            .all(|p| p.retailer.as_ref().is_some_and(|r| r.id.to_string() == "2"))
    );
    // Price filters are ShopStyle's: ids of /priceFilters, one or a run of them.
    let cheap = search(&req(Some("women"), None, &["p21"], None));
    assert!(cheap.metadata.total > 0);
    assert!(
        cheap
            .products
            .iter()
            .all(|p| (10.0..25.0).contains(&effective(p)))
    );
    let run = search(&req(Some("women"), None, &["p21:22"], None));
    let next = search(&req(Some("women"), None, &["p22"], None));
    assert_eq!(
        run.metadata.total,
        cheap.metadata.total + next.metadata.total
    );
    let sale = search(&req(Some("women"), None, &["d0"], None));
    assert!(
        sale.products
            .iter()
            .all(|p| p.sale_price.is_some() && p.is_on_sale == Some(true))
    );
    // d1..d6: at least 20% .. 70% off (d4: 50%).
    let big = search(&req(Some("women"), None, &["d4"], None));
    assert!(
        big.products
            .iter()
            .all(|p| p.discount.unwrap_or(0.0) >= 50.0)
    );
    assert!(big.metadata.total < sale.metadata.total);
    let only_price = search(&req(None, None, &["p24:28"], Some("PriceLoHi")));
    assert!(only_price.products.iter().all(|p| effective(p) >= 100.0));
    assert!(only_price.metadata.total > 0);
    // The catalog's prices never drop: price-drop filters match nothing.
    for drop in ["d100", "d110", "d200"] {
        assert_eq!(search(&req(None, None, &[drop], None)).metadata.total, 0);
    }
    // Sizes: s<id>, the product's canonicalSize ids.
    let m = search(&req(Some("dresses"), None, &["s3"], None));
    assert!(m.metadata.total > 0);
    assert!(m.products.iter().all(|p| p.sizes.iter().any(|s| {
        s.name == "M"
            && s.canonical_size
                .as_ref()
                .is_some_and(|c| c.id.to_string() == "3")
    })));
    for unknown in ["b999999", "b0", "r0", "r7", "c0", "c2", "s0", "s99"] {
        let total = search(&req(None, None, &[unknown], None)).metadata.total;
        assert_eq!(total, 0, "{unknown}");
    }
}

#[test]
fn bad_parameters_say_what_is_allowed() {
    let e = err(&SearchRequest {
        limit: 101,
        ..req(None, None, &[], None)
    });
    assert!(matches!(&e, CatalogError::InvalidParameter { parameter, .. } if parameter == "limit"));
    assert!(e.to_string().contains("100"), "{e}");
    assert_eq!(e.status(), 400);
    let e = err(&SearchRequest {
        offset: 4950,
        ..req(None, None, &[], None)
    });
    assert!(e.to_string().contains("5000"), "{e}");
    let ok = search(&SearchRequest {
        offset: 4900,
        ..req(Some("women"), None, &[], Some("Recency"))
    });
    assert_eq!(ok.products.len(), 100);
    let e = err(&req(Some("dressez"), None, &[], None));
    assert!(
        matches!(&e, CatalogError::UnknownCategory { suggestions, .. } if suggestions.contains(&"dresses".to_owned())),
        "{e:?}"
    );
    assert!(e.to_string().contains("dressez"));
    for bad in [
        "x1",
        "b",
        "bx",
        "p",
        "p:",
        "p5:1",
        "p22:21",
        "pa:b",
        "p10:20.50",
        "d101",
        "d7",
        "d50",
        "d",
        "b1234567890",
        "sx",
        "t0",
    ] {
        let e = err(&req(None, None, &[bad], None));
        assert!(
            matches!(&e, CatalogError::InvalidParameter { parameter, .. } if parameter == "fl"),
            "{bad}: {e:?}"
        );
    }
    let e = err(&req(None, None, &[], Some("Cheapest")));
    assert!(e.to_string().contains("PriceLoHi"), "{e}");
    let e = err(&req(Some("../etc"), None, &[], None));
    assert_eq!(e.status(), 400);
    let many: Vec<String> = (0..33).map(|i| format!("b{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert!(
        err(&req(None, None, &many, None))
            .to_string()
            .contains("32")
    );
    assert!(
        err(&req(None, Some(&"x".repeat(201)), &[], None))
            .to_string()
            .contains("200")
    );
    assert!(matches!(
        bundled().product("1"),
        Err(CatalogError::ProductNotFound { .. })
    ));
    let missing = bundled().product("0").expect_err("no product 0");
    assert_eq!(
        (missing.status(), missing.error_name()),
        (404, "InvalidProductId")
    );
    assert_eq!(
        bundled().product("abc").map_err(|e| e.status()).err(),
        Some(400)
    );
    assert!(bundled().product("15970").is_ok());
}

#[test]
fn categories_answer_subtrees_with_counts() {
    let c = bundled();
    let all = match c.categories(None, None) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(all.categories.len(), 847 + 82);
    assert_eq!(all.metadata.root.product_count, Some(44_446));
    let ankle = all.categories.iter().find(|x| x.id == "womens-boots-ankle");
    assert_eq!(
        ankle.and_then(|a| a.parent_id.clone()).as_deref(),
        Some("boots")
    );
    let shoes = match c.categories(Some("womens-shoes"), Some(1)) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(shoes.metadata.root.id, "womens-shoes");
    assert_eq!(shoes.metadata.max_depth, 1);
    assert!(
        shoes
            .categories
            .iter()
            .all(|x| x.parent_id.as_deref() == Some("womens-shoes"))
    );
    assert!(c.categories(Some("nope"), None).is_err());
    assert!(c.categories(None, Some(21)).is_err());
    assert_eq!(c.retailers().retailers.len(), 6);
    assert_eq!(c.colors().colors.len(), 14);
    assert!(c.brands().brands.len() > 400);
}

#[test]
fn every_product_says_its_price_is_estimated() {
    let r = search(&req(None, None, &[], None));
    for p in &r.products {
        assert!(
            p.description
                .as_deref()
                .is_some_and(|d| d.contains("Price estimated"))
        );
        assert_eq!(p.currency.as_deref(), Some("USD"));
        assert_eq!(p.sale_price.is_some(), p.sale_price_label.is_some());
        assert_eq!(p.image.as_ref().map(|i| i.sizes.len()), Some(8));
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn any_request_is_answered_or_refused_cleanly(
            cat in proptest::option::of("[a-z-]{0,24}|dresses|womens-shoes|men"),
            fts in proptest::option::of(".{0,40}|blue jeans|shirt"),
            fl in proptest::collection::vec("[brcpds][0-9:.]{0,8}|.{0,6}", 0..4),
            sort in proptest::option::of("PriceLoHi|PriceHiLo|Recency|Popular|.{0,5}"),
            offset in 0u32..6000,
            limit in 0u32..130,
        ) {
            let r = SearchRequest { cat, fts, fl, sort, offset, limit };
            match bundled().search(&r) {
                Ok(resp) => {
                    prop_assert!(resp.products.len() as u32 <= limit);
                    prop_assert!(resp.products.len() as u64 <= resp.metadata.total);
                    prop_assert!(offset + limit <= MAX_DEPTH);
                }
                Err(e) => prop_assert!(e.status() == 400, "{e:?}"),
            }
        }
    }
}

/// The histogram's counts are over exactly what the same search matches: each value's count is
/// the total of the search with that value's filter added.
#[test]
fn histogram_counts_are_the_totals_of_the_narrowed_searches() {
    use crate::domain::Facet;
    let c = bundled();
    for (cat, fts) in [
        (Some("dresses"), None),
        (None, Some("black shoes")),
        (Some("womens-clothes"), Some("cotton")),
    ] {
        let base = req(cat, fts, &[], None);
        let h = c.histogram(&base, &Facet::ALL, 0).expect("histogram");
        let total = search(&base).metadata.total;
        assert_eq!(h.total(), Some(total), "{cat:?} {fts:?}");
        for (facet, prefix) in [
            (Facet::Brand, "b"),
            (Facet::Retailer, "r"),
            (Facet::Color, "c"),
            (Facet::Size, "s"),
            (Facet::Price, "p"),
            (Facet::Discount, "d"),
        ] {
            let list = h.list(facet).expect("asked for");
            assert!(!list.is_empty(), "{facet:?} of {cat:?} {fts:?}");
            for e in list.iter().take(5) {
                let fl = format!("{prefix}{}", e.id);
                let narrowed = search(&req(cat, fts, &[&fl], None)).metadata.total;
                assert_eq!(e.count, narrowed, "{fl} in {cat:?} {fts:?}");
            }
        }
        for e in h.list(Facet::Category).expect("asked for").iter().take(5) {
            let narrowed = search(&req(Some(&e.id.to_string()), fts, &[], None))
                .metadata
                .total;
            assert_eq!(e.count, narrowed, "cat={} {fts:?}", e.id);
        }
        // Most products first; no value without products.
        let brands = h.list(Facet::Brand).expect("brands");
        assert!(brands.windows(2).all(|w| w[0].count >= w[1].count));
        assert!(brands.iter().all(|e| e.count > 0));
    }
}

#[test]
fn histogram_takes_a_floor_and_only_the_lists_asked_for() {
    use crate::domain::Facet;
    let c = bundled();
    let h = c
        .histogram(&req(Some("dresses"), None, &[], None), &[Facet::Brand], 20)
        .expect("histogram");
    assert!(h.color_histogram.is_none() && h.price_histogram.is_none());
    let brands = h.brand_histogram.expect("brands");
    assert!(!brands.is_empty() && brands.iter().all(|e| e.count >= 20));
    // A search that matches nothing has empty lists and a zero total.
    let none = c
        .histogram(
            &req(Some("dresses"), None, &["b999999"], None),
            &Facet::ALL,
            0,
        )
        .expect("histogram");
    assert_eq!(none.total(), Some(0));
    assert!(none.brand_histogram.is_some_and(|b| b.is_empty()));
}

#[test]
fn price_filters_tile_the_prices() {
    let bands = bundled().price_filters();
    assert_eq!(
        bands.first().map(|b| b.id.to_string()),
        Some("20".to_owned())
    );
    assert_eq!(bands[1].name, "$10 \u{2013} $25");
    // Every product is in exactly one band: the bands' totals add up to the catalog.
    let sum: u64 = bands
        .iter()
        .map(|b| {
            search(&req(None, None, &[&format!("p{}", b.id)], None))
                .metadata
                .total
        })
        .sum();
    assert_eq!(sum, bundled().len() as u64);
}

#[test]
fn every_size_offered_has_an_id() {
    for p in search(&req(None, Some("shoes"), &[], None)).products {
        for s in &p.sizes {
            assert!(s.canonical_size.is_some(), "{} has no id", s.name);
        }
    }
}
