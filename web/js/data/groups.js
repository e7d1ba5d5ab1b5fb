// The quick-pick groups of the original ShopStyleSearch sidebar (data/mappings/seed_categories.json):
// group -> [label, [category ids]]. Ids the API does not list, or that hold no products, are left
// out when the sidebar draws them.

export const QUICK_PICKS = [
  ['Women', [
    ['Activewear', ['athletic-jackets', 'athletic-pants', 'athletic-shorts', 'athletic-skirts', 'sports-bras-and-underwear', 'athletic-tops']],
    ['Denim', ['bootcut-jeans', 'classic-jeans', 'cropped-jeans', 'distressed-jeans', 'flare-jeans', 'relaxed-jeans', 'skinny-jeans', 'straight-leg-jeans', 'stretch-jeans']],
    ['Dresses', ['bridal-dresses', 'casual-dresses', 'day-to-night-dresses', 'party-dresses', 'cocktail-dresses', 'formal-dresses', 'beach-dresses', 'floral-dresses', 'modest-dresses', 'printed-dresses', 'mini-dresses', 'knee-length-dresses', 'midi-dresses', 'maxi-dresses', 'long-sleeve-dresses', 'day-dresses', 'evening-dresses']],
    ['Intimates', ['bras', 'camisoles', 'chemises', 'gowns', 'hosiery', 'pajamas', 'panties', 'robes', 'socks', 'shapewear', 'slippers', 'thongs']],
    ['Jackets', ['blazers', 'casual-jackets', 'vests', 'leather-jackets', 'denim-jackets']],
    ['Jumpsuits', ['jumpsuits-and-rompers']],
    ['Coats', ['coats', 'fur-and-shearling-coats', 'leather-and-suede-coats', 'puffer-coats', 'raincoats-and-trenchcoats', 'wool-coats']],
    ['Pants', ['casual-pants', 'cropped-pants', 'dress-pants', 'leggings', 'skinny-pants', 'wide-leg-pants']],
    ['Shorts', ['shorts']],
    ['Skirts', ['mini-skirts', 'mid-length-skirts', 'long-skirts']],
    ['Sweaters', ['cardigan-sweaters', 'cashmere-sweaters', 'crewneck-sweaters', 'turleneck-sweaters', 'v-neck-sweaters']],
    ['Swimwear', ['one-piece-swimsuits', 'two-piece-swimsuits', 'swimsuit-coverups']],
    ['Sweatshirts', ['sweatshirts']],
    ['Tops', ['blouses', 'bodysuits', 'button-front-tops', 'camisole-tops', 'crop-tops', 'graphic-tees', 'night-out-tops', 'shortsleeve-tops', 'longsleeve-tops', 'sleeveless-tops', 'tank-tops', 'tees-and-tshirts', 'turtle-and-mock-necks', 'tunic-tops', 'polo-tops', 'halter-tops']],
    ['Suits', ['womens-suits']],
    ['Bridal', ['bride', 'bridesmaid', 'bridal-mother']],
    ['Maternity', ['maternity-jeans', 'maternity-dresses', 'maternity-intimates', 'maternity-jackets', 'maternity-outerwear', 'maternity-pants', 'maternity-shorts', 'maternity-skirts', 'maternity-sweaters', 'maternity-swimsuits', 'maternity-tops']],
    ['Petite', ['petite-jeans', 'petite-dresses', 'petite-intimates', 'petite-jackets', 'petite-outerwear', 'petite-pants', 'petite-shorts', 'petite-skirts', 'petite-sweatshirts', 'petite-sweaters', 'petite-swimsuits', 'petite-tops']],
    ['Plus sizes', ['plus-size-jeans', 'plus-size-dresses', 'plus-size-intimates', 'plus-size-jackets', 'plus-size-outerwear', 'plus-size-pants', 'plus-size-shorts', 'plus-size-skirts', 'plus-size-sweatshirts', 'plus-size-sweaters', 'plus-size-swimsuits', 'plus-size-tops']],
    ['Teens', ['teen-girls-jeans', 'teen-girls-dresses', 'teen-girls-intimates', 'teen-girls-jackets', 'teen-girls-outerwear', 'teen-girls-pants', 'teen-girls-shorts', 'teen-girls-skirts', 'teen-girls-sweatshirts', 'teen-girls-sweaters', 'teen-girls-swimsuits', 'teen-girls-tops']],
  ]],
  ['Men', [
    ['Activewear', ['mens-athletic-jackets', 'mens-athletic-pants', 'mens-athletic-shirts', 'mens-athletic-shorts']],
    ['Bags', ['mens-backpacks', 'mens-business-bags', 'mens-sports-bags', 'mens-messenger-bags', 'mens-tote-bags']],
    ['Jeans', ['mens-bootcut-jeans', 'mens-distressed-jeans', 'mens-loose-jeans', 'mens-low-rise-jeans', 'mens-relaxed-jeans', 'mens-slim-jeans', 'mens-straight-leg-jeans']],
    ['Outerwear', ['mens-denim-jackets', 'mens-jacket', 'mens-leather-and-suede-coats', 'mens-overcoats-and-trenchcoats', 'mens-wool-coats']],
    ['Pants', ['mens-cargo-pants', 'mens-casual-pants', 'mens-chinos-and-khakis', 'mens-dress-pants']],
    ['Shirts', ['mens-dress-shirts', 'mens-longsleeve-shirts', 'mens-shortsleeve-shirts', 'mens-polo-shirts', 'mens-tees-and-tshirts']],
    ['Shorts', ['mens-shorts']],
    ['Shoes', ['mens-boots', 'mens-lace-up-shoes', 'mens-sandals-and-slides', 'mens-slip-ons-shoes', 'mens-sneakers']],
    ['Suits', ['mens-suits']],
    ['Sweaters', ['mens-cardigan-sweaters', 'mens-cashmere-sweaters', 'mens-crewneck-sweaters', 'mens-half-zip-sweaters', 'mens-turtleneck-sweaters', 'mens-v-neck-sweaters', 'mens-vests']],
    ['Sweatshirts', ['mens-sweatshirts']],
    ['Swimwear', ['mens-swimsuits']],
    ['Ties', ['mens-ties']],
  ]],
  ['Bags', [
    ["Women's bags", ['backpacks', 'clutches', 'evening-handbags', 'hobo-bags', 'satchels', 'shoulder-bags', 'tote-bags', 'wallets']],
    ["Men's bags", ['mens-backpacks', 'mens-business-bags', 'mens-sports-bags', 'mens-messenger-bags', 'mens-tote-bags']],
  ]],
  ['Shoes', [
    ["Women's boots", ['womens-boots-ankle', 'womens-boots-chelsea', 'womens-boots-combat', 'womens-boots-knee-high', 'womens-boots-over-the-knee', 'womens-boots-flat', 'womens-boots-low-heel', 'womens-boots-medium-heel', 'womens-boots-high-heel', 'womens-boots-ultra-high-heel', 'womens-boots-cold-weather']],
    ["Women's evening shoes", ['evening-shoes']],
    ["Women's flats", ['womens-flats-ballet', 'womens-flats-espadrilles', 'womens-flats-loafers', 'womens-flats-oxfords', 'womens-flats-slippers']],
    ["Women's mules & clogs", ['womens-mules-slides', 'womens-clogs', 'womens-mules-clogs-flat', 'womens-mules-clogs-low-heel', 'womens-mules-clogs-medium-heel', 'womens-mules-clogs-high-heel', 'womens-mules-clogs-ultra-high-heel']],
    ["Women's platforms", ['womens-platform-boots', 'womens-platform-sneakers', 'womens-platform-sandals', 'womens-platform-espadrilles']],
    ["Women's pumps", ['womens-pump-stiletto', 'womens-pump-open-toe', 'womens-pump-closed-toe', 'womens-pump-wedges', 'womens-pump-low-heel', 'womens-pump-medium-heel', 'womens-pump-high-heel', 'womens-pump-ultra-high-heel']],
    ["Women's sandals", ['womens-flip-flops', 'womens-slides', 'womens-sandals-platform', 'womens-sandals-flat', 'womens-sandals-low-heel', 'womens-sandals-medium-heel', 'womens-sandals-high-heel', 'womens-sandals-ultra-high-heel']],
    ["Women's sneakers", ['womens-sneaker-high-top', 'womens-sneaker-low-top', 'womens-sneaker-slip-on', 'shoes-athletic', 'womens-sneaker-platform']],
    ["Women's wedges", ['wedges']],
    ["Men's boots", ['mens-lace-up-and-chukka-boots', 'mens-chelsea-boots', 'mens-hiking-boots']],
    ["Men's sandals & slides", ['mens-flip-flops', 'mens-slides', 'mens-sandals']],
    ["Men's lace-ups", ['mens-wingtip-shoes', 'mens-captoe-shoes', 'mens-lace-up-boots']],
    ["Men's slip-ons & loafers", ['mens-boat-shoes', 'mens-loafers']],
    ["Men's sneakers", ['mens-low-top-sneakers', 'mens-high-top-sneakers', 'mens-slip-on-sneakers', 'mens-shoes-athletic']],
  ]],
];

// Shown on the start page, before anything is picked.
export const STARTERS = ['dresses', 'womens-tops', 'womens-shoes', 'handbags', 'mens-clothes', 'mens-shoes', 'watches', 'kids-and-baby-clothing'];
