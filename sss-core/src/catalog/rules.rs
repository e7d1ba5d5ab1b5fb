//! The rules that place a product in finer categories than its article type alone gives.
//!
//! A rule applies to an audience (women, men, boys, girls), a set of article types (empty: any),
//! optionally a `usage` value, and optionally words of the product name (any one phrase must
//! appear, brand words excluded). Every matching rule adds its category, in table order, so the
//! first match is the product's primary category. When no rule matches, the article-type
//! mapping (`mappings/articletype_to_category.json`, then [`EXTRA_ARTICLE_TYPES`]) decides.
//! `{k}` in a category id stands for `boys` or `girls`.

/// Women (and unisex products, as women's).
pub(super) const W: u8 = 1;
/// Men (and unisex products, as men's).
pub(super) const M: u8 = 2;
/// Boys.
pub(super) const B: u8 = 4;
/// Girls.
pub(super) const G: u8 = 8;
const K: u8 = B | G;

/// One placement rule.
#[derive(Debug)]
pub(super) struct Rule {
    /// The audiences it applies to (a mask of [`W`], [`M`], [`B`], [`G`]).
    pub who: u8,
    /// Article types it applies to; empty: any.
    pub types: &'static [&'static str],
    /// The `usage` value it needs, if any.
    pub usage: Option<&'static str>,
    /// Phrases of the name, one of which must appear; empty: none needed.
    pub words: &'static [&'static str],
    /// The category.
    pub cat: &'static str,
}

const fn r(
    who: u8,
    types: &'static [&'static str],
    words: &'static [&'static str],
    cat: &'static str,
) -> Rule {
    Rule {
        who,
        types,
        usage: None,
        words,
        cat,
    }
}

const fn u(
    who: u8,
    types: &'static [&'static str],
    usage: &'static str,
    cat: &'static str,
) -> Rule {
    Rule {
        who,
        types,
        usage: Some(usage),
        words: &[],
        cat,
    }
}

const SHOES: &[&str] = &["Casual Shoes", "Flats", "Heels", "Formal Shoes"];
const FOOTWEAR: &[&str] = &[
    "Casual Shoes",
    "Flats",
    "Heels",
    "Formal Shoes",
    "Sandals",
    "Sports Shoes",
    "Flip Flops",
    "Sports Sandals",
    "Booties",
];
const SANDALS: &[&str] = &["Sandals", "Flip Flops", "Sports Sandals"];
const TOPS: &[&str] = &["Tops", "Tshirts"];
const PANTS: &[&str] = &[
    "Trousers",
    "Capris",
    "Leggings",
    "Track Pants",
    "Tracksuits",
    "Churidar",
    "Salwar",
    "Patiala",
    "Rain Trousers",
];
const OUTER: &[&str] = &[
    "Jackets",
    "Waistcoat",
    "Blazers",
    "Rain Jacket",
    "Nehru Jackets",
];
const SLEEVE_LONG: &[&str] = &["long sleeve", "full sleeve", "long sleeved", "full sleeved"];
const SLEEVE_SHORT: &[&str] = &["short sleeve", "half sleeve", "short sleeved", "cap sleeve"];
const HIGH_NECK: &[&str] = &[
    "turtle neck",
    "turtleneck",
    "high neck",
    "mock neck",
    "polo neck",
];
const V_NECK: &[&str] = &["v neck", "vneck"];
const CREW_NECK: &[&str] = &["crew", "crew neck", "round neck", "scoop neck"];
const TEEN: &[&str] = &["teen"];
const ACCESSORIES: &[&str] = &[
    "Caps",
    "Hat",
    "Gloves",
    "Sunglasses",
    "Belts",
    "Scarves",
    "Mufflers",
    "Ties",
    "Headband",
    "Hair Accessory",
    "Wristbands",
    "Umbrellas",
];

/// The rules, most specific first.
pub(super) const RULES: &[Rule] = &[
    // Teens: the Teen ranges sit under teen girls' and teen guys' clothes.
    r(
        W | G,
        &["Tops", "Tshirts", "Shirts"],
        TEEN,
        "teen-girls-tops",
    ),
    r(W | G, &["Dresses"], TEEN, "teen-girls-dresses"),
    r(W | G, &["Jeans"], TEEN, "teen-girls-jeans"),
    r(W | G, &["Shorts"], TEEN, "teen-girls-shorts"),
    r(W | G, &["Skirts"], TEEN, "teen-girls-skirts"),
    r(W | G, PANTS, TEEN, "teen-girls-pants"),
    r(
        M | B,
        &["Tops", "Tshirts", "Shirts"],
        TEEN,
        "teen-guys-shirts",
    ),
    r(M | B, &["Jeans"], TEEN, "teen-guys-jeans"),
    r(M | B, &["Shorts"], TEEN, "teen-guys-shorts"),
    r(M | B, PANTS, TEEN, "teen-guys-pants"),
    // Women's boots.
    r(
        W,
        SHOES,
        &["ankle boot", "desert boot", "chukka boot", "ankle bootie"],
        "womens-boots-ankle",
    ),
    r(W, SHOES, &["chelsea boot"], "womens-boots-chelsea"),
    r(
        W,
        SHOES,
        &["combat boot", "biker boot"],
        "womens-boots-combat",
    ),
    r(W, SHOES, &["over the knee"], "womens-boots-over-the-knee"),
    r(
        W,
        SHOES,
        &["knee high", "knee length boot"],
        "womens-boots-knee-high",
    ),
    r(W, SHOES, &["platform boot"], "womens-platform-boots"),
    r(
        W,
        SHOES,
        &["snow boot", "winter boot", "fur boot"],
        "womens-boots-cold-weather",
    ),
    r(W, &["Flats"], &["boot"], "womens-boots-flat"),
    r(W, SHOES, &["boot"], "boots"),
    // Women's sandals, mules and platforms.
    r(W, FOOTWEAR, &["platform sandal"], "womens-sandals-platform"),
    r(
        W,
        FOOTWEAR,
        &["platform sneaker"],
        "womens-platform-sneakers",
    ),
    r(
        W,
        FOOTWEAR,
        &["platform espadrille"],
        "womens-platform-espadrilles",
    ),
    r(
        W,
        &["Heels", "Flats", "Sandals"],
        &["platform"],
        "platforms",
    ),
    r(W, FOOTWEAR, &["flip flop", "flipflop"], "womens-flip-flops"),
    r(W, &["Flip Flops"], &[], "womens-flip-flops"),
    r(W, FOOTWEAR, &["slide"], "womens-slides"),
    r(W, FOOTWEAR, &["mule"], "womens-mules-slides"),
    r(W, FOOTWEAR, &["clog"], "womens-clogs"),
    r(W, &["Flats"], &["sandal"], "womens-sandals-flat"),
    r(W, &["Heels"], &["sandal"], "sandals"),
    // Women's heels and flats.
    r(
        W,
        &["Heels", "Flats", "Casual Shoes", "Sandals"],
        &["wedge"],
        "wedges",
    ),
    r(W, &["Heels"], &["stiletto"], "womens-pump-stiletto"),
    r(
        W,
        &["Heels"],
        &["peep toe", "peeptoe", "open toe"],
        "womens-pump-open-toe",
    ),
    r(W, &["Heels"], &["closed toe"], "womens-pump-closed-toe"),
    r(
        W,
        &["Heels"],
        &["party", "wedding", "evening"],
        "evening-shoes",
    ),
    u(W, &["Heels"], "Party", "evening-shoes"),
    r(W, &["Heels"], &["flat"], "flats"),
    r(
        W,
        &["Flats", "Casual Shoes", "Heels"],
        &["ballerina", "ballet", "belly"],
        "womens-flats-ballet",
    ),
    r(
        W,
        &["Flats", "Casual Shoes"],
        &["espadrille"],
        "womens-flats-espadrilles",
    ),
    r(
        W,
        &["Flats", "Casual Shoes"],
        &["loafer", "moccasin"],
        "womens-flats-loafers",
    ),
    r(
        W,
        &["Flats", "Casual Shoes"],
        &["oxford", "brogue"],
        "womens-flats-oxfords",
    ),
    r(W, &["Flats"], &["slipper"], "womens-flats-slippers"),
    // Women's sneakers.
    r(
        W,
        &["Casual Shoes"],
        &["slip on", "slipon"],
        "womens-sneaker-slip-on",
    ),
    r(
        W,
        &["Casual Shoes"],
        &["hi", "high top", "hitop", "mid"],
        "womens-sneaker-high-top",
    ),
    r(
        W,
        &["Casual Shoes"],
        &["lo", "low", "low top", "ox"],
        "womens-sneaker-low-top",
    ),
    // Men's shoes.
    r(M, SHOES, &["chelsea boot"], "mens-chelsea-boots"),
    r(
        M,
        SHOES,
        &["hiking boot", "trekking boot", "trek boot"],
        "mens-hiking-boots",
    ),
    r(
        M,
        SHOES,
        &["desert boot", "chukka"],
        "mens-lace-up-and-chukka-boots",
    ),
    r(
        M,
        SHOES,
        &["lace up boot", "laceup boot"],
        "mens-lace-up-boots",
    ),
    r(
        M,
        &["Casual Shoes", "Formal Shoes"],
        &["boot"],
        "mens-boots",
    ),
    r(M, SHOES, &["wingtip", "brogue"], "mens-wingtip-shoes"),
    r(M, SHOES, &["captoe", "cap toe"], "mens-captoe-shoes"),
    r(M, &["Casual Shoes"], &["boat"], "mens-boat-shoes"),
    r(
        M,
        &["Casual Shoes", "Formal Shoes"],
        &["loafer", "moccasin", "moc"],
        "mens-loafers",
    ),
    r(
        M,
        &["Formal Shoes"],
        &["slip on", "slipon"],
        "mens-slip-ons-shoes",
    ),
    r(
        M,
        &["Casual Shoes"],
        &["slip on", "slipon"],
        "mens-slip-on-sneakers",
    ),
    r(
        M,
        &["Casual Shoes"],
        &["derby", "oxford", "lace up"],
        "mens-lace-up-shoes",
    ),
    r(
        M,
        &["Casual Shoes"],
        &["hi", "high top", "hitop", "mid"],
        "mens-high-top-sneakers",
    ),
    r(
        M,
        &["Casual Shoes"],
        &["lo", "low", "low top", "ox"],
        "mens-low-top-sneakers",
    ),
    r(M, SANDALS, &["slide"], "mens-slides"),
    r(M, FOOTWEAR, &["flip flop", "flipflop"], "mens-flip-flops"),
    r(M, &["Flip Flops"], &[], "mens-flip-flops"),
    r(
        M,
        &["Sandals", "Sports Sandals"],
        &[],
        "mens-sandals-and-slides",
    ),
    // Kids' shoes.
    r(K, FOOTWEAR, &[], "{k}-shoes"),
    // Dresses.
    r(G, &["Dresses"], &[], "girls-dresses"),
    r(W, &["Dresses"], &["maxi"], "maxi-dresses"),
    r(W, &["Dresses"], &["midi"], "midi-dresses"),
    r(W, &["Dresses"], &["mini"], "mini-dresses"),
    r(
        W,
        &["Dresses"],
        &["knee length", "knee"],
        "knee-length-dresses",
    ),
    r(W, &["Dresses"], SLEEVE_LONG, "long-sleeve-dresses"),
    r(W, &["Dresses"], &["cocktail"], "cocktail-dresses"),
    r(W, &["Dresses"], &["evening", "gown"], "evening-dresses"),
    r(W, &["Dresses"], &["beach"], "beach-dresses"),
    r(W, &["Dresses"], &["party"], "party-dresses"),
    r(
        W,
        &["Dresses"],
        &["floral", "flower", "flowery"],
        "floral-dresses",
    ),
    r(W, &["Dresses"], &["printed", "print"], "printed-dresses"),
    u(W, &["Dresses"], "Party", "party-dresses"),
    u(W, &["Dresses"], "Formal", "formal-dresses"),
    u(W, &["Dresses"], "Casual", "casual-dresses"),
    u(W, &["Dresses"], "Casual", "day-dresses"),
    // Women's tops.
    u(W, TOPS, "Sports", "athletic-tops"),
    r(W, TOPS, &["crop", "cropped"], "crop-tops"),
    r(
        W,
        &["Tops", "Tshirts", "Shirts"],
        &["bodysuit"],
        "bodysuits",
    ),
    r(W, TOPS, &["halter"], "halter-tops"),
    r(W, TOPS, &["tank", "racerback", "racer back"], "tank-tops"),
    r(W, &["Tops", "Shirts"], &["blouse"], "blouses"),
    r(W, TOPS, HIGH_NECK, "turtle-and-mock-necks"),
    r(W, TOPS, &["polo"], "polo-tops"),
    r(W, TOPS, &["graphic"], "graphic-tees"),
    r(
        W,
        &["Tops"],
        &["party", "sequin", "sequinned"],
        "night-out-tops",
    ),
    u(W, &["Tops"], "Party", "night-out-tops"),
    r(
        W,
        TOPS,
        &["sleeveless", "spaghetti", "strappy"],
        "sleeveless-tops",
    ),
    r(W, TOPS, SLEEVE_LONG, "longsleeve-tops"),
    r(W, TOPS, SLEEVE_SHORT, "shortsleeve-tops"),
    r(W, &["Tops"], &["cashmere"], "cashmere-tops"),
    r(W, &["Tops"], &["kaftan", "tunic"], "tunic-tops"),
    // Women's jeans and pants.
    r(W, &["Jeggings"], &[], "skinny-jeans"),
    r(W, &["Jeans"], &["skinny", "jegging"], "skinny-jeans"),
    r(
        W,
        &["Jeans"],
        &["ankle", "cropped", "crop", "capri"],
        "cropped-jeans",
    ),
    r(
        W,
        &["Jeans"],
        &["distressed", "ripped", "torn", "destroyed"],
        "distressed-jeans",
    ),
    r(W, &["Jeans"], &["flare", "flared"], "flare-jeans"),
    r(W, &["Jeans"], &["bootcut", "boot cut"], "bootcut-jeans"),
    r(
        W,
        &["Jeans"],
        &["boyfriend", "relaxed", "loose", "baggy"],
        "relaxed-jeans",
    ),
    r(W, &["Jeans"], &["straight"], "straight-leg-jeans"),
    r(W, &["Jeans"], &["stretch", "stretchable"], "stretch-jeans"),
    r(W, &["Jeans"], &["classic", "regular"], "classic-jeans"),
    u(
        W,
        &[
            "Trousers",
            "Capris",
            "Leggings",
            "Track Pants",
            "Tracksuits",
        ],
        "Sports",
        "athletic-pants",
    ),
    r(
        W,
        &["Trousers", "Salwar", "Patiala"],
        &["palazzo", "wide leg"],
        "wide-leg-pants",
    ),
    r(W, &["Trousers"], &["skinny"], "skinny-pants"),
    r(W, &["Trousers"], &["formal"], "dress-pants"),
    u(W, &["Trousers"], "Formal", "dress-pants"),
    u(W, &["Trousers"], "Casual", "casual-pants"),
    u(W, &["Shorts"], "Sports", "athletic-shorts"),
    u(W, &["Skirts"], "Sports", "athletic-skirts"),
    r(W, &["Skirts"], &["mini"], "mini-skirts"),
    r(
        W,
        &["Skirts"],
        &["midi", "knee length", "knee"],
        "mid-length-skirts",
    ),
    r(
        W,
        &["Skirts"],
        &["long", "maxi", "ghagra", "lehenga"],
        "long-skirts",
    ),
    r(W, &["Jumpsuit", "Rompers"], &[], "jumpsuits-and-rompers"),
    // Women's outerwear and sweaters.
    u(W, &["Jackets"], "Sports", "athletic-jackets"),
    r(
        W,
        &["Jackets"],
        &["track", "wind", "windcheater", "windrunner"],
        "athletic-jackets",
    ),
    r(W, &["Jackets"], &["denim"], "denim-jackets"),
    r(W, &["Jackets"], &["leather"], "leather-jackets"),
    r(
        W,
        &["Jackets"],
        &["puffer", "padded", "quilted"],
        "puffer-coats",
    ),
    r(
        W,
        &["Jackets"],
        &["fur", "shearling"],
        "fur-and-shearling-coats",
    ),
    r(W, &["Jackets"], &["wool", "woollen"], "wool-coats"),
    r(W, &["Jackets"], &["coat", "trench", "overcoat"], "coats"),
    r(
        W,
        &["Sweaters", "Shrug"],
        &["cardigan", "shrug"],
        "cardigan-sweaters",
    ),
    r(W, &["Shrug"], &[], "cardigan-sweaters"),
    r(W, &["Sweaters"], &["cashmere"], "cashmere-sweaters"),
    r(W, &["Sweaters"], HIGH_NECK, "turleneck-sweaters"),
    r(W, &["Sweaters"], V_NECK, "v-neck-sweaters"),
    r(W, &["Sweaters"], CREW_NECK, "crewneck-sweaters"),
    // Women's intimates and swimwear.
    r(W, &["Bra"], &["sport"], "sports-bras-and-underwear"),
    u(W, &["Bra"], "Sports", "sports-bras-and-underwear"),
    r(W, &["Briefs"], &["thong", "tanga", "g string"], "thongs"),
    r(
        W,
        &["Swimwear"],
        &["bikini", "two piece", "2 piece"],
        "two-piece-swimsuits",
    ),
    r(
        W,
        &["Swimwear"],
        &["one piece", "swimsuit", "monokini"],
        "one-piece-swimsuits",
    ),
    r(
        W,
        &["Swimwear"],
        &["cover up", "coverup", "sarong"],
        "swimsuit-coverups",
    ),
    // Men's clothes.
    u(M, &["Tshirts"], "Sports", "mens-athletic-shirts"),
    r(M, &["Tshirts", "Shirts"], &["polo"], "mens-polo-shirts"),
    r(M, &["Shirts"], &["formal"], "mens-dress-shirts"),
    u(M, &["Shirts"], "Formal", "mens-dress-shirts"),
    r(M, &["Shirts"], SLEEVE_SHORT, "mens-shortsleeve-shirts"),
    r(M, &["Jeans"], &["skinny", "slim"], "mens-slim-jeans"),
    r(
        M,
        &["Jeans"],
        &["bootcut", "boot cut"],
        "mens-bootcut-jeans",
    ),
    r(
        M,
        &["Jeans"],
        &["distressed", "ripped", "torn", "destroyed"],
        "mens-distressed-jeans",
    ),
    r(M, &["Jeans"], &["loose", "baggy"], "mens-loose-jeans"),
    r(
        M,
        &["Jeans"],
        &["low rise", "lowrise"],
        "mens-low-rise-jeans",
    ),
    r(M, &["Jeans"], &["relaxed"], "mens-relaxed-jeans"),
    r(M, &["Jeans"], &["straight"], "mens-straight-leg-jeans"),
    u(
        M,
        &["Trousers", "Capris", "Track Pants", "Tracksuits"],
        "Sports",
        "mens-athletic-pants",
    ),
    r(M, &["Trousers"], &["cargo"], "mens-cargo-pants"),
    r(
        M,
        &["Trousers"],
        &["chino", "khaki"],
        "mens-chinos-and-khakis",
    ),
    r(M, &["Trousers"], &["formal"], "mens-dress-pants"),
    u(M, &["Trousers"], "Formal", "mens-dress-pants"),
    u(M, &["Trousers"], "Casual", "mens-casual-pants"),
    u(M, &["Shorts"], "Sports", "mens-athletic-shorts"),
    u(M, &["Jackets"], "Sports", "mens-athletic-jackets"),
    r(
        M,
        &["Jackets"],
        &["track", "wind", "windcheater", "windrunner"],
        "mens-athletic-jackets",
    ),
    r(M, &["Jackets"], &["denim"], "mens-denim-jackets"),
    r(
        M,
        &["Jackets"],
        &["leather", "suede"],
        "mens-leather-and-suede-coats",
    ),
    r(M, &["Jackets"], &["wool", "woollen"], "mens-wool-coats"),
    r(
        M,
        &["Jackets"],
        &["overcoat", "trench"],
        "mens-overcoats-and-trenchcoats",
    ),
    r(M, &["Jackets"], &[], "mens-jacket"),
    r(M, &["Sweaters"], &["half zip"], "mens-half-zip-sweaters"),
    r(
        M,
        &["Sweaters", "Shrug"],
        &["cardigan", "zip"],
        "mens-cardigan-sweaters",
    ),
    r(M, &["Sweaters"], &["cashmere"], "mens-cashmere-sweaters"),
    r(M, &["Sweaters"], HIGH_NECK, "mens-turtleneck-sweaters"),
    r(M, &["Sweaters"], V_NECK, "mens-v-neck-sweaters"),
    r(M, &["Sweaters"], CREW_NECK, "mens-crewneck-sweaters"),
    r(M, &["Sweaters"], &["sleeveless", "vest"], "mens-vests"),
    r(M, &["Night suits", "Lounge Pants"], &[], "mens-pajamas"),
    // Bags.
    r(W, &["Handbags"], &["tote", "shopper"], "tote-bags"),
    r(W, &["Handbags"], &["hobo"], "hobo-bags"),
    r(W, &["Handbags"], &["satchel"], "satchels"),
    r(W, &["Handbags"], &["clutch"], "clutches"),
    r(
        W,
        &["Handbags", "Clutches"],
        &["evening", "party", "beaded", "sequin", "potli", "brocade"],
        "evening-handbags",
    ),
    r(W, &["Handbags"], &["backpack"], "backpacks"),
    r(M, &["Handbags"], &["tote"], "mens-tote-bags"),
    r(
        M,
        &["Handbags"],
        &["sling", "messenger"],
        "mens-messenger-bags",
    ),
    // Jewellery.
    r(
        W,
        &["Earrings"],
        &["sterling", "diamond", "solitaire"],
        "fine-earrings",
    ),
    r(
        W,
        &["Ring"],
        &["sterling", "diamond", "solitaire"],
        "fine-rings",
    ),
    r(
        W,
        &["Pendant", "Necklace and Chains"],
        &["sterling", "diamond", "solitaire"],
        "fine-necklaces",
    ),
    r(
        W,
        &["Bracelet", "Bangle"],
        &["sterling", "diamond", "solitaire"],
        "fine-bracelets",
    ),
    // Beauty.
    r(
        W | M,
        &["Foundation and Primer"],
        &["primer"],
        "face-primer",
    ),
    r(
        W | M,
        &["Foundation and Primer"],
        &["liquid"],
        "face-liquid-foundation",
    ),
    r(
        W | M,
        &["Foundation and Primer"],
        &["powder"],
        "face-powder-foundation",
    ),
    r(
        W | M,
        &["Highlighter and Blush"],
        &["highlighter", "luminizer"],
        "face-luminizer",
    ),
    // Kids' clothes and accessories.
    r(K, &["Tshirts"], &["polo"], "{k}-polos"),
    r(K, &["Tshirts"], &[], "{k}-tees-and-tshirts"),
    r(K, &["Shirts"], &[], "{k}-shirts"),
    r(K, &["Tops", "Kurtas", "Tunics", "Kurtis"], &[], "{k}-tops"),
    r(G, &["Skirts"], &[], "girls-skirts"),
    r(K, &["Jeans"], &[], "{k}-jeans"),
    r(K, &["Shorts"], &[], "{k}-shorts"),
    r(K, PANTS, &[], "{k}-pants"),
    r(K, OUTER, &[], "{k}-outerwear"),
    r(K, &["Sweaters"], &[], "{k}-sweaters"),
    r(K, &["Sweatshirts"], &[], "{k}-sweatshirts"),
    r(K, &["Swimwear"], &[], "{k}-swimsuits"),
    r(K, &["Rompers", "Jumpsuit"], &[], "{k}-one-piece"),
    r(
        K,
        &[
            "Clothing Set",
            "Kurta Sets",
            "Lehenga Choli",
            "Salwar and Dupatta",
        ],
        &[],
        "{k}-matching-sets",
    ),
    r(G, &["Nightdress"], &[], "girls-nightgowns"),
    r(
        K,
        &[
            "Night suits",
            "Lounge Pants",
            "Lounge Shorts",
            "Lounge Tshirts",
        ],
        &[],
        "{k}-pajamas",
    ),
    r(
        K,
        &["Innerwear Vests", "Briefs", "Boxers", "Trunk", "Socks"],
        &[],
        "{k}-underwear",
    ),
    r(K, &["Watches"], &[], "{k}-watches"),
    r(
        K,
        &[
            "Backpacks",
            "Handbags",
            "Clutches",
            "Wallets",
            "Messenger Bag",
        ],
        &[],
        "{k}-bags",
    ),
    r(
        G,
        &[
            "Earrings",
            "Pendant",
            "Necklace and Chains",
            "Bracelet",
            "Bangle",
            "Ring",
        ],
        &[],
        "girls-jewelry",
    ),
    r(K, ACCESSORIES, &[], "{k}-accessories"),
];

/// Article types the mapping file leaves out (beauty, small accessories), as
/// `(article type, women's category, men's category)`. Types in neither list (free gifts,
/// balls, vouchers) sit at the root.
pub(super) const EXTRA_ARTICLE_TYPES: &[(&str, &str, &str)] = &[
    ("Perfume and Body Mist", "perfume", "mens-fragrances"),
    ("Fragrance Gift Set", "perfume", "mens-fragrances"),
    ("Deodorant", "deodorant", "mens-deodorants"),
    ("Nail Polish", "nail-polish", "nail-polish"),
    ("Nail Essentials", "nail-treatments", "mens-grooming"),
    ("Lipstick", "lipstick", "lipstick"),
    ("Lip Gloss", "lip-gloss", "lip-gloss"),
    ("Lip Liner", "lip-products", "lip-products"),
    ("Lip Care", "lip-treatments", "mens-skin-care"),
    ("Lip Plumper", "lip-plumpers", "lip-plumpers"),
    ("Kajal and Eyeliner", "eyeliner", "eyeliner"),
    ("Eyeshadow", "eye-shadow", "eye-shadow"),
    ("Mascara", "mascara", "mascara"),
    ("Foundation and Primer", "face-makeup", "face-makeup"),
    ("Highlighter and Blush", "blush", "blush"),
    ("Compact", "face-pressed-powder", "face-pressed-powder"),
    ("Concealer", "face-concealer", "face-concealer"),
    ("Makeup Remover", "face-makeup-removers", "mens-skin-care"),
    ("Face Moisturisers", "face-moisturizers", "mens-skin-care"),
    ("Face Wash and Cleanser", "face-cleansers", "mens-skin-care"),
    (
        "Face Scrub and Exfoliator",
        "face-scrubs-exfoliants",
        "mens-skin-care",
    ),
    ("Face Serum and Gel", "face-care", "mens-skin-care"),
    ("Mask and Peel", "face-masks", "mens-skin-care"),
    ("Toner", "face-toners", "mens-skin-care"),
    ("Eye Cream", "eye-treatments", "mens-skin-care"),
    ("Sunscreen", "sun-care", "mens-skin-care"),
    (
        "Body Lotion",
        "body-lotions-creams",
        "mens-body-moisturizers",
    ),
    (
        "Body Wash and Scrub",
        "bath-shower-gel",
        "mens-bath-shower-gel",
    ),
    ("Hair Colour", "hair-care", "mens-hair-care"),
    ("Beauty Accessory", "beauty-tools", "mens-grooming"),
    ("Mens Grooming Kit", "mens-grooming", "mens-grooming"),
    ("Accessory Gift Set", "gifts", "mens-accessories"),
    (
        "Mobile Pouch",
        "womens-tech-accessories",
        "mens-tech-accessories",
    ),
    (
        "Tablet Sleeve",
        "womens-tech-accessories",
        "mens-tech-accessories",
    ),
    ("Suspenders", "womens-accessories", "mens-accessories"),
    ("Shoe Accessories", "womens-accessories", "mens-accessories"),
    ("Wristbands", "womens-accessories", "mens-accessories"),
    ("Key chain", "key-chains", "mens-accessories"),
    ("Headband", "hair-accessories", "mens-accessories"),
    ("Hair Accessory", "hair-accessories", "mens-accessories"),
    ("Umbrellas", "womens-umbrellas", "mens-umbrellas"),
    ("Waist Pouch", "handbags", "mens-bags"),
    ("Travel Accessory", "luggage", "luggage"),
    ("Trolley Bag", "rolling-luggage", "rolling-luggage"),
    ("Water Bottle", "drinkware", "drinkware"),
    ("Cushion Covers", "decorative-pillows", "decorative-pillows"),
    ("Shrug", "cardigan-sweaters", "mens-cardigan-sweaters"),
    ("Clothing Set", "womens-clothes", "mens-clothes"),
    ("Rain Trousers", "womens-pants", "mens-pants"),
    ("Shoe Laces", "womens-accessories", "mens-accessories"),
];

/// Article types that say nothing about the product (`Free Gifts` holds watches, ties and
/// sarees); for these the name decides the type, by the first phrase of [`NAME_TYPES`] found.
pub(super) const VAGUE_ARTICLE_TYPES: &[&str] = &["Free Gifts"];

/// `(phrase of the name, article type)`, most specific first.
pub(super) const NAME_TYPES: &[(&str, &str)] = &[
    ("laptop bag", "Laptop Bag"),
    ("sling bag", "Handbags"),
    ("body lotion", "Body Lotion"),
    ("g shock", "Watches"),
    ("watch", "Watches"),
    ("tie", "Ties"),
    ("saree", "Sarees"),
    ("sari", "Sarees"),
    ("sunglass", "Sunglasses"),
    ("satchel", "Messenger Bag"),
    ("backpack", "Backpacks"),
    ("handbag", "Handbags"),
    ("clutch", "Clutches"),
    ("wallet", "Wallets"),
    ("belt", "Belts"),
    ("scarf", "Scarves"),
    ("sock", "Socks"),
    ("deo", "Deodorant"),
    ("lipstick", "Lipstick"),
    ("jersey", "Tshirts"),
];
