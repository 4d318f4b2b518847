//! `thesis generate`: a synthetic universe, and with `--outcomes` the outcomes a model with planted
//! lens weights draws from the universe's own lens scores, the known truth `thesis fit` must find.

use super::{load, write_outputs};
use crate::error::{Error, Result};
use crate::io::{CsvFormat, Inputs, Source};
use crate::report::{Exporter, OutputPlan};
use crate::scoring;
use crate::synthetic::{self, Noise, OUTCOME_SCALE, PlantedModel, Universe, write_outcomes};
use std::path::{Path, PathBuf};

/// How outcomes are planted: the weights (each lens named, rescaled to sum to one; drawn from the
/// seed when `None`), the noise's shape and its size as a share of the latent values' spread.
#[derive(Debug, Clone, PartialEq)]
pub struct Planting {
    pub weights: Option<Vec<(String, f64)>>,
    pub noise: Noise,
    pub noise_share: f64,
}

/// Writes a synthetic universe (companies, categories and thesis) into `dir`, all or none; with
/// `planting`, also `outcomes.csv` and `planted_weights.csv`, and the thesis reads the outcomes.
pub fn generate(
    universe: Universe,
    planting: Option<&Planting>,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let Some(planting) = planting else {
        let mut plan = OutputPlan::new();
        for name in synthetic::FILE_NAMES {
            plan.file(UniverseFile { universe, name });
        }
        return write_outputs(dir, &plan.exporters(), &[]);
    };
    let thesis = format!("{}{OUTCOME_SCALE}", synthetic::THESIS);
    // Written into memory, which cannot fail, to be scored before any file is written.
    let bytes = |name: &str| {
        let mut bytes = Vec::new();
        universe
            .write_file(name, &mut bytes)
            .map_or_else(|_| Vec::new(), |()| bytes)
    };
    let inputs = Inputs {
        companies: Source::embedded("companies.csv", &bytes("companies.csv")),
        categories: Source::embedded("categories.csv", &bytes("categories.csv")),
        thesis: Source::embedded("thesis.toml", thesis.as_bytes()),
        outcomes: None,
        article: None,
        format: CsvFormat::default(),
        allow_look_ahead: false,
    };
    let loaded = load(&inputs)?;
    let (thesis_compiled, data) = (&loaded.thesis, &loaded.data);
    let lenses: Vec<String> = (thesis_compiled.criteria.iter())
        .map(|criterion| criterion.id.clone())
        .collect();
    let model = planted_model(&lenses, planting, universe.seed)?;
    let scores = scoring::score(thesis_compiled, data);
    let rows: Vec<Vec<Option<f64>>> = (scores.ranking.iter())
        .map(|entry| scores.criteria(entry).iter().map(|c| c.score).collect())
        .collect();
    let drawn = model.draw(&rows);
    let mut events: Vec<(usize, &'static str)> = (scores.ranking.iter().zip(drawn))
        .filter_map(|(entry, event)| Some((entry.company(), event?)))
        .collect();
    events.sort_unstable();
    let outcomes: Vec<(&str, &'static str)> = events
        .iter()
        .map(|&(company, event)| (data.id(company), event))
        .collect();
    let write_thesis = |out: &mut dyn std::io::Write| out.write_all(thesis.as_bytes());
    let write_events = |out: &mut dyn std::io::Write| write_outcomes(&outcomes, out);
    let write_weights = |out: &mut dyn std::io::Write| model.write_weights(out);
    let mut plan = OutputPlan::new();
    for name in ["companies.csv", "categories.csv"] {
        plan.file(UniverseFile { universe, name });
    }
    for (name, write) in [
        (
            "thesis.toml",
            &write_thesis as &dyn Fn(&mut dyn std::io::Write) -> _,
        ),
        ("outcomes.csv", &write_events),
        ("planted_weights.csv", &write_weights),
    ] {
        plan.file(Written { name, write });
    }
    write_outputs(dir, &plan.exporters(), &[])
}

/// The planted model: the weights given (every name a lens of the thesis, the lenses not named
/// at zero), or drawn from the seed.
fn planted_model(lenses: &[String], planting: &Planting, seed: u64) -> Result<PlantedModel> {
    let Some(given) = &planting.weights else {
        let mut model = PlantedModel::drawn(lenses, planting.noise, seed);
        model.noise_share = planting.noise_share;
        return Ok(model);
    };
    let refuse =
        |message: String| Error::thesis("the generated thesis", "--planted-weights", message);
    if let Some((unknown, _)) = given.iter().find(|(lens, _)| !lenses.contains(lens)) {
        return Err(refuse(format!(
            "has no lens `{unknown}`: its lenses are {}",
            lenses.join(", ")
        )));
    }
    let weight = |lens: &String| {
        given
            .iter()
            .find(|(id, _)| id == lens)
            .map_or(0.0, |(_, w)| *w)
    };
    let total: f64 = lenses.iter().map(weight).sum();
    let unusable = |weight: f64| weight.is_nan() || weight.is_infinite() || weight < 0.0;
    if total.is_nan() || total <= 0.0 || given.iter().any(|&(_, weight)| unusable(weight)) {
        return Err(refuse(
            "needs weights of zero or more, not all zero".to_string(),
        ));
    }
    Ok(PlantedModel {
        weights: lenses
            .iter()
            .map(|lens| (lens.clone(), weight(lens) / total))
            .collect(),
        noise: planting.noise,
        noise_share: planting.noise_share,
        seed,
    })
}

/// A file of a synthetic universe, written as it is generated.
struct UniverseFile {
    universe: Universe,
    name: &'static str,
}

impl Exporter for UniverseFile {
    fn file_name(&self) -> String {
        self.name.to_string()
    }

    fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.universe.write_file(self.name, out)
    }
}

/// A file written by a closure over what the generation computed.
struct Written<'a> {
    name: &'static str,
    write: &'a dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
}

impl Exporter for Written<'_> {
    fn file_name(&self) -> String {
        self.name.to_string()
    }

    fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        (self.write)(out)
    }
}
