//! Company names for a synthetic universe: invented words, sometimes long, sometimes non-ASCII, and
//! now and then a near-duplicate of a recent name, as a data provider's export has them.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

const ONSETS: [&str; 26] = [
    "Ac", "Bri", "Cor", "Dax", "El", "Fyn", "Gra", "Hel", "Io", "Jun", "Kor", "Lum", "Myr", "Nov",
    "Or", "Pax", "Qu", "Ryn", "Sol", "Tor", "Ul", "Vex", "Wyn", "Xan", "Yo", "Zeph",
];
const NUCLEI: [&str; 10] = ["a", "e", "i", "o", "u", "ar", "en", "is", "on", "ex"];
const CODAS: [&str; 12] = [
    "la", "ra", "tic", "mo", "nix", "dex", "ly", "ta", "go", "vo", "sys", "io",
];
const WORDS: [&str; 16] = [
    "Cloud", "Data", "Stack", "Ops", "Grid", "Mesh", "Shield", "Flow", "Logic", "Scale", "Forge",
    "Harbor", "Pod", "Kube", "Vault", "Signal",
];
const SUFFIXES: [&str; 13] = [
    "",
    " Labs",
    " Inc.",
    " Systems",
    " Technologies",
    ", Inc.",
    " GmbH",
    " AB",
    " S.A.",
    " Ltd",
    " AG",
    " Oy",
    " K.K.",
];
const PLACES: [&str; 16] = [
    "Zürich",
    "Ångström",
    "Société",
    "Škoda",
    "Łódź",
    "Çelik",
    "Ñandú",
    "Øresund",
    "北京",
    "東京",
    "서울",
    "Москва",
    "Αθήνα",
    "São Paulo",
    "Kraków",
    "Malmö",
];

/// The share of names that copy a recent name with a small change.
const NEAR_DUPLICATE_SHARE: f64 = 0.03;
/// How many recent names a near-duplicate may copy.
const RECENT: usize = 64;

/// Draws company names from one random stream.
pub(super) struct NameMaker {
    recent: Vec<String>,
}

impl NameMaker {
    pub(super) fn new() -> NameMaker {
        NameMaker { recent: Vec::new() }
    }

    pub(super) fn next(&mut self, rng: &mut ChaCha8Rng) -> String {
        let name = match self.recent.len() {
            0 => fresh_name(rng),
            recent if rng.random_bool(NEAR_DUPLICATE_SHARE) => {
                near_duplicate(&self.recent[rng.random_range(0..recent)], rng)
            }
            _ => fresh_name(rng),
        };
        if self.recent.len() == RECENT {
            self.recent.swap_remove(rng.random_range(0..RECENT));
        }
        self.recent.push(name.clone());
        name
    }
}

/// An invented word such as "Korenly".
pub(super) fn word(rng: &mut ChaCha8Rng) -> String {
    let mut word = pick(&ONSETS, rng).to_string();
    for _ in 0..rng.random_range(1..=2) {
        word.push_str(pick(&NUCLEI, rng));
    }
    word.push_str(pick(&CODAS, rng));
    word
}

fn fresh_name(rng: &mut ChaCha8Rng) -> String {
    let mut name = word(rng);
    match rng.random_range(0..100) {
        0..40 => {}
        40..75 => {
            name.push(' ');
            name.push_str(pick(&WORDS, rng));
        }
        75..90 => {
            name = format!("{} {name}", pick(&PLACES, rng));
        }
        90..97 => {
            name = format!("{name} \"{}\"", pick(&WORDS, rng));
        }
        _ => {
            name = format!(
                "{name} {} {} and {} {} Solutions International Holding",
                pick(&WORDS, rng),
                pick(&WORDS, rng),
                pick(&WORDS, rng),
                pick(&PLACES, rng)
            );
        }
    }
    name.push_str(pick(&SUFFIXES, rng));
    name
}

fn near_duplicate(original: &str, rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..4) {
        0 => original.to_uppercase(),
        1 => match original.strip_suffix(", Inc.") {
            Some(base) => format!("{base} Inc."),
            None => format!("{original}, Inc."),
        },
        2 if original.contains(' ') => original.replacen(' ', "-", 1),
        _ => format!("{original} ({})", pick(&PLACES, rng)),
    }
}

pub(super) fn pick<'a>(items: &[&'a str], rng: &mut ChaCha8Rng) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// A lower-case id made of ASCII letters, digits and dashes.
pub(super) fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 24 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "co".to_string()
    } else {
        slug.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn slugs_are_short_ascii_and_never_empty() {
        let cases = [
            ("Korenly Data, Inc.", "korenly-data-inc"),
            ("北京 Luma", "luma"),
            ("東京", "co"),
            ("Zürich Ops", "z-rich-ops"),
        ];
        for (name, expected) in cases {
            assert_eq!(slug(name), expected, "{name}");
        }
        assert!(slug(&"Abcdefgh ".repeat(10)).len() <= 24);
    }

    #[test]
    fn names_include_non_ascii_long_and_near_duplicate_ones() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut maker = NameMaker::new();
        let names: Vec<String> = (0..5000).map(|_| maker.next(&mut rng)).collect();
        assert!(names.iter().any(|name| !name.is_ascii()));
        assert!(names.iter().any(|name| name.chars().count() > 60));
        let upper = names
            .iter()
            .filter(|name| name.chars().any(char::is_alphabetic) && name.to_uppercase() == **name)
            .count();
        assert!(upper > 10, "{upper} all-capital near-duplicates");
    }
}
