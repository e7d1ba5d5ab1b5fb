//! Display names of the 82 newer category ids the original page used
//! (`mappings/seed_category_aliases.json`). The catalog serves each as a child of the 2019
//! category the mapping file names; these are the names it shows for them.

/// `(id, name, full name)`, in the order the catalog lists them under their parents.
pub(super) const ALIAS_NAMES: &[(&str, &str, &str)] = &[
    ("casual-dresses", "Casual Dresses", "Casual Dresses"),
    (
        "day-to-night-dresses",
        "Day-to-Night Dresses",
        "Day-to-Night Dresses",
    ),
    ("party-dresses", "Party Dresses", "Party Dresses"),
    ("formal-dresses", "Formal Dresses", "Formal Dresses"),
    ("beach-dresses", "Beach Dresses", "Beach Dresses"),
    ("floral-dresses", "Floral Dresses", "Floral Dresses"),
    ("modest-dresses", "Modest Dresses", "Modest Dresses"),
    ("printed-dresses", "Printed Dresses", "Printed Dresses"),
    ("mini-dresses", "Mini Dresses", "Mini Dresses"),
    (
        "knee-length-dresses",
        "Knee-Length Dresses",
        "Knee-Length Dresses",
    ),
    ("midi-dresses", "Midi Dresses", "Midi Dresses"),
    ("maxi-dresses", "Maxi Dresses", "Maxi Dresses"),
    (
        "long-sleeve-dresses",
        "Long-Sleeve Dresses",
        "Long-Sleeve Dresses",
    ),
    (
        "jumpsuits-and-rompers",
        "Jumpsuits & Rompers",
        "Women's Jumpsuits & Rompers",
    ),
    ("blouses", "Blouses", "Women's Blouses"),
    ("bodysuits", "Bodysuits", "Women's Bodysuits"),
    ("crop-tops", "Crop Tops", "Women's Crop Tops"),
    ("graphic-tees", "Graphic Tees", "Women's Graphic Tees"),
    ("night-out-tops", "Night Out Tops", "Women's Night Out Tops"),
    (
        "turtle-and-mock-necks",
        "Turtlenecks & Mock Necks",
        "Women's Turtleneck & Mock Neck Tops",
    ),
    ("mens-jacket", "Jackets", "Men's Jackets"),
    (
        "mens-sandals-and-slides",
        "Sandals & Slides",
        "Men's Sandals & Slides",
    ),
    ("womens-boots-ankle", "Ankle Boots", "Women's Ankle Boots"),
    (
        "womens-boots-chelsea",
        "Chelsea Boots",
        "Women's Chelsea Boots",
    ),
    (
        "womens-boots-combat",
        "Combat Boots",
        "Women's Combat Boots",
    ),
    (
        "womens-boots-knee-high",
        "Knee-High Boots",
        "Women's Knee-High Boots",
    ),
    (
        "womens-boots-over-the-knee",
        "Over-the-Knee Boots",
        "Women's Over-the-Knee Boots",
    ),
    ("womens-boots-flat", "Flat Boots", "Women's Flat Boots"),
    (
        "womens-boots-low-heel",
        "Low-Heel Boots",
        "Women's Low-Heel Boots",
    ),
    (
        "womens-boots-medium-heel",
        "Mid-Heel Boots",
        "Women's Mid-Heel Boots",
    ),
    (
        "womens-boots-high-heel",
        "High-Heel Boots",
        "Women's High-Heel Boots",
    ),
    (
        "womens-boots-ultra-high-heel",
        "Ultra-High-Heel Boots",
        "Women's Ultra-High-Heel Boots",
    ),
    (
        "womens-boots-cold-weather",
        "Cold-Weather Boots",
        "Women's Cold-Weather Boots",
    ),
    (
        "womens-flats-ballet",
        "Ballet Flats",
        "Women's Ballet Flats",
    ),
    (
        "womens-flats-espadrilles",
        "Espadrilles",
        "Women's Espadrilles",
    ),
    ("womens-flats-loafers", "Loafers", "Women's Loafers"),
    ("womens-flats-oxfords", "Oxfords", "Women's Oxfords"),
    ("womens-flats-slippers", "Slippers", "Women's Slipper Flats"),
    (
        "womens-mules-slides",
        "Mules & Slides",
        "Women's Mules & Slides",
    ),
    ("womens-clogs", "Clogs", "Women's Clogs"),
    (
        "womens-mules-clogs-flat",
        "Flat Mules & Clogs",
        "Women's Flat Mules & Clogs",
    ),
    (
        "womens-mules-clogs-low-heel",
        "Low-Heel Mules & Clogs",
        "Women's Low-Heel Mules & Clogs",
    ),
    (
        "womens-mules-clogs-medium-heel",
        "Mid-Heel Mules & Clogs",
        "Women's Mid-Heel Mules & Clogs",
    ),
    (
        "womens-mules-clogs-high-heel",
        "High-Heel Mules & Clogs",
        "Women's High-Heel Mules & Clogs",
    ),
    (
        "womens-mules-clogs-ultra-high-heel",
        "Ultra-High-Heel Mules & Clogs",
        "Women's Ultra-High-Heel Mules & Clogs",
    ),
    (
        "womens-platform-boots",
        "Platform Boots",
        "Women's Platform Boots",
    ),
    (
        "womens-platform-sneakers",
        "Platform Sneakers",
        "Women's Platform Sneakers",
    ),
    (
        "womens-platform-sandals",
        "Platform Sandals",
        "Women's Platform Sandals",
    ),
    (
        "womens-platform-espadrilles",
        "Platform Espadrilles",
        "Women's Platform Espadrilles",
    ),
    (
        "womens-pump-stiletto",
        "Stilettos",
        "Women's Stiletto Pumps",
    ),
    (
        "womens-pump-open-toe",
        "Open-Toe Pumps",
        "Women's Open-Toe Pumps",
    ),
    (
        "womens-pump-closed-toe",
        "Closed-Toe Pumps",
        "Women's Closed-Toe Pumps",
    ),
    ("womens-pump-wedges", "Wedge Pumps", "Women's Wedge Pumps"),
    (
        "womens-pump-low-heel",
        "Low-Heel Pumps",
        "Women's Low-Heel Pumps",
    ),
    (
        "womens-pump-medium-heel",
        "Mid-Heel Pumps",
        "Women's Mid-Heel Pumps",
    ),
    (
        "womens-pump-high-heel",
        "High-Heel Pumps",
        "Women's High-Heel Pumps",
    ),
    (
        "womens-pump-ultra-high-heel",
        "Ultra-High-Heel Pumps",
        "Women's Ultra-High-Heel Pumps",
    ),
    ("womens-flip-flops", "Flip Flops", "Women's Flip Flops"),
    ("womens-slides", "Slides", "Women's Slides"),
    (
        "womens-sandals-platform",
        "Platform Sandals",
        "Women's Platform Sandals",
    ),
    (
        "womens-sandals-flat",
        "Flat Sandals",
        "Women's Flat Sandals",
    ),
    (
        "womens-sandals-low-heel",
        "Low-Heel Sandals",
        "Women's Low-Heel Sandals",
    ),
    (
        "womens-sandals-medium-heel",
        "Mid-Heel Sandals",
        "Women's Mid-Heel Sandals",
    ),
    (
        "womens-sandals-high-heel",
        "High-Heel Sandals",
        "Women's High-Heel Sandals",
    ),
    (
        "womens-sandals-ultra-high-heel",
        "Ultra-High-Heel Sandals",
        "Women's Ultra-High-Heel Sandals",
    ),
    (
        "womens-sneaker-high-top",
        "High-Top Sneakers",
        "Women's High-Top Sneakers",
    ),
    (
        "womens-sneaker-low-top",
        "Low-Top Sneakers",
        "Women's Low-Top Sneakers",
    ),
    (
        "womens-sneaker-slip-on",
        "Slip-On Sneakers",
        "Women's Slip-On Sneakers",
    ),
    (
        "womens-sneaker-platform",
        "Platform Sneakers",
        "Women's Platform Sneakers",
    ),
    (
        "mens-lace-up-and-chukka-boots",
        "Lace-Up & Chukka Boots",
        "Men's Lace-Up & Chukka Boots",
    ),
    ("mens-chelsea-boots", "Chelsea Boots", "Men's Chelsea Boots"),
    ("mens-hiking-boots", "Hiking Boots", "Men's Hiking Boots"),
    ("mens-flip-flops", "Flip Flops", "Men's Flip Flops"),
    ("mens-slides", "Slides", "Men's Slides"),
    (
        "mens-wingtip-shoes",
        "Wingtips & Brogues",
        "Men's Wingtip Shoes",
    ),
    ("mens-captoe-shoes", "Cap-Toe Shoes", "Men's Cap-Toe Shoes"),
    ("mens-lace-up-boots", "Lace-Up Boots", "Men's Lace-Up Boots"),
    ("mens-boat-shoes", "Boat Shoes", "Men's Boat Shoes"),
    ("mens-loafers", "Loafers", "Men's Loafers"),
    (
        "mens-low-top-sneakers",
        "Low-Top Sneakers",
        "Men's Low-Top Sneakers",
    ),
    (
        "mens-high-top-sneakers",
        "High-Top Sneakers",
        "Men's High-Top Sneakers",
    ),
    (
        "mens-slip-on-sneakers",
        "Slip-On Sneakers",
        "Men's Slip-On Sneakers",
    ),
];

/// A name for an alias id the table does not know: its words, capitalised.
pub(super) fn derived_name(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
