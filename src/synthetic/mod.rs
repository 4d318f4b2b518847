//! A synthetic but realistic universe of companies, for benchmarks and for trying a thesis at scale:
//! dozens of categories of very different sizes, skewed funding and headcount, missing values, long,
//! non-ASCII and near-duplicate names, with a matching `categories.csv` and a thesis of thirteen rules
//! and a formula over the three lenses. The same size and seed always give the same bytes.

mod names;
mod outcomes;

pub use outcomes::{NOISE_SHARE, Noise, OUTCOME_SCALE, PlantedModel, write_outcomes};

use names::{NameMaker, pick, slug, word};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Zipf};
use std::io::Write;

/// The thesis that reads the generated files.
pub const THESIS: &str = include_str!("thesis.toml");

/// The files of a universe, in the order they are written.
pub const FILE_NAMES: [&str; 3] = ["companies.csv", "categories.csv", "thesis.toml"];

const DOMAINS: [&str; 10] = [
    "Container",
    "Edge",
    "Cloud",
    "Data",
    "Serverless",
    "Kubernetes",
    "Observability",
    "Network",
    "Identity",
    "Developer",
];
const LAYERS: [(&str, &str); 8] = [
    ("Storage", "storage"),
    ("Security", "security"),
    ("Networking", "networking"),
    ("Monitoring", "monitoring"),
    ("Orchestration", "orchestration"),
    ("Tooling", "dev-ui"),
    ("Databases", "database"),
    ("Platforms", "container-management"),
];
const PRODUCT_TYPES: [&str; 17] = [
    "os",
    "orchestration",
    "storage",
    "networking",
    "security",
    "monitoring",
    "container-engine",
    "container-management",
    "infrastructure-management",
    "config-management",
    "dev-ui",
    "ci",
    "dev-environment",
    "database",
    "analytics",
    "general-os",
    "virtualization",
];
const BUYERS: [&str; 5] = ["devops", "developers", "security", "it", "data"];
/// How many of the domain × layer pairs become categories.
const CATEGORY_COUNT: usize = 48;
/// How many incumbents parent products and buy startups.
const INCUMBENT_COUNT: usize = 200;

/// A universe of `companies` companies drawn from `seed`.
#[derive(Debug, Clone, Copy)]
pub struct Universe {
    pub companies: u64,
    pub seed: u64,
}

/// One generated category: its name, the product type most of its companies make, and its share of
/// the companies.
#[derive(Debug, Clone)]
struct Category {
    name: String,
    product_type: &'static str,
    share: f64,
}

impl Universe {
    /// Writes the universe's file `name`, one of [`FILE_NAMES`].
    pub fn write_file(self, name: &str, out: &mut dyn Write) -> std::io::Result<()> {
        match name {
            "companies.csv" => self.write_companies(out),
            "categories.csv" => self.write_categories(out),
            "thesis.toml" => out.write_all(THESIS.as_bytes()),
            _ => Err(std::io::Error::other(format!(
                "a universe has no file {name}"
            ))),
        }
    }

    fn rng(self, stream: u64) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(stream);
        rng
    }

    /// Categories with Zipf-distributed shares (the largest has about a fifth of the companies).
    fn categories(self) -> Vec<Category> {
        let mut rng = self.rng(1);
        let mut pairs: Vec<(usize, usize)> = (0..DOMAINS.len())
            .flat_map(|domain| (0..LAYERS.len()).map(move |layer| (domain, layer)))
            .collect();
        rand::seq::SliceRandom::shuffle(pairs.as_mut_slice(), &mut rng);
        let weights: Vec<f64> = (1..=CATEGORY_COUNT)
            .map(|rank| 1.0 / (rank as f64).powf(1.1))
            .collect();
        let total: f64 = weights.iter().sum();
        pairs
            .into_iter()
            .take(CATEGORY_COUNT)
            .zip(weights)
            .map(|((domain, layer), weight)| Category {
                name: format!("{} {}", DOMAINS[domain], LAYERS[layer].0),
                product_type: LAYERS[layer].1,
                share: weight / total,
            })
            .collect()
    }

    fn incumbents(self) -> Vec<String> {
        let mut rng = self.rng(2);
        (0..INCUMBENT_COUNT)
            .map(|_| {
                format!(
                    "{} {}",
                    word(&mut rng),
                    pick(&["Corp", "Systems", "Group"], &mut rng)
                )
            })
            .collect()
    }

    fn write_companies(self, out: &mut dyn Write) -> std::io::Result<()> {
        let categories = self.categories();
        let incumbents = self.incumbents();
        let mut rng = self.rng(3);
        let category_of = Zipf::new(CATEGORY_COUNT as f64, 1.1).expect("valid Zipf parameters");
        let startup_funding = LogNormal::new(6f64.ln(), 1.4).expect("valid log-normal");
        let startup_team = LogNormal::new(25f64.ln(), 1.2).expect("valid log-normal");
        let incumbent_team = LogNormal::new(5000f64.ln(), 1.0).expect("valid log-normal");
        let mut names = NameMaker::new();
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "id",
            "name",
            "category",
            "role",
            "parent",
            "product_type",
            "sells_to",
            "open_source",
            "commercial_offering",
            "public_company",
            "acquired_by",
            "acquired_year",
            "funding_musd",
            "headcount",
            "founded",
        ])?;
        for index in 0..self.companies {
            let name = names.next(&mut rng);
            let id = format!("{}-{index:x}", slug(&name));
            let category = &categories[category_of.sample(&mut rng) as usize - 1];
            let role = match rng.random_range(0..100) {
                0..85 => "startup",
                85..91 => "incumbent",
                91..92 => "platform",
                92..93 => "precedent",
                _ => "product",
            };
            let established = matches!(role, "incumbent" | "platform" | "precedent");
            let parent = if role == "product" {
                incumbents[rng.random_range(0..INCUMBENT_COUNT)].as_str()
            } else {
                ""
            };
            let product_type = if rng.random_bool(0.7) {
                category.product_type
            } else {
                pick(&PRODUCT_TYPES, &mut rng)
            };
            let acquired = role == "startup" && rng.random_bool(0.06);
            let acquired_by = if acquired {
                incumbents[rng.random_range(0..INCUMBENT_COUNT)].as_str()
            } else {
                ""
            };
            let acquired_year = if acquired {
                rng.random_range(2010..=2015).to_string()
            } else {
                String::new()
            };
            let funding = match role {
                "startup" if rng.random_bool(0.82) => {
                    format!("{:.1}", startup_funding.sample(&mut rng))
                }
                "platform" => format!("{:.1}", 50.0 + 10.0 * startup_funding.sample(&mut rng)),
                _ => String::new(),
            };
            let headcount = if rng.random_bool(0.12) {
                String::new()
            } else if established {
                format!("{:.0}", incumbent_team.sample(&mut rng).max(50.0))
            } else {
                format!("{:.0}", startup_team.sample(&mut rng).max(1.0))
            };
            let founded = if rng.random_bool(0.05) {
                String::new()
            } else if established {
                rng.random_range(1970..=2005).to_string()
            } else {
                (2015 - (rng.random::<f64>().powi(2) * 11.0) as i32).to_string()
            };
            let commercial = match rng.random_range(0..10) {
                0..7 => "true",
                7..9 => "false",
                _ => "",
            };
            let public = established && rng.random_bool(0.7);
            writer.write_record([
                id.as_str(),
                &name,
                &category.name,
                role,
                parent,
                product_type,
                pick(&BUYERS, &mut rng),
                if rng.random_bool(0.45) {
                    "true"
                } else {
                    "false"
                },
                commercial,
                if public { "true" } else { "false" },
                acquired_by,
                &acquired_year,
                &funding,
                &headcount,
                &founded,
            ])?;
        }
        writer.flush()
    }

    /// Category signals that grow with the category's size, with some unknown.
    fn write_categories(self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut rng = self.rng(4);
        let raised_per_startup = LogNormal::new(8f64.ln(), 0.8).expect("valid log-normal");
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "category",
            "startups_count",
            "vc_raised_musd",
            "buyer_need",
            "independent_outlook",
            "platform_moves",
            "precedent_exits",
        ])?;
        for category in self.categories() {
            let startups = (self.companies as f64 * category.share * 0.85).round();
            let raised = if rng.random_bool(0.06) {
                String::new()
            } else {
                format!("{:.1}", startups * raised_per_startup.sample(&mut rng))
            };
            writer.write_record([
                category.name.as_str(),
                &format!("{startups:.0}"),
                &raised,
                &rng.random_range(0..=5).to_string(),
                &rng.random_range(0..=3).to_string(),
                &rng.random_range(0..=4).to_string(),
                &rng.random_range(0..=6).to_string(),
            ])?;
        }
        writer.flush()
    }
}
