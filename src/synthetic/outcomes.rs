//! Outcomes drawn for a generated universe from a model with planted lens weights: the known truth
//! that `thesis fit` must recover. Each ranked company's latent value is the weighted sum of its
//! lens scores under the planted weights (over the lenses with evidence, rescaled as the engine
//! rescales), plus noise; the best tenth by latent value list, the next quarter are acquired, the
//! next 35% stay independent and the rest shut down.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use std::io::Write;

/// How the outcomes are read, appended to the generated thesis.
pub const OUTCOME_SCALE: &str = "\n# How the backtest and `thesis fit` read outcomes.csv, written with the outcomes.\n\
[backtest.outcomes]\n\
ipo = { level = 4, success = true }\n\
acquired = { level = 3, success = true }\n\
independent = { level = 2, success = true }\n\
shut-down = { level = 0, success = false }\n";

/// The outcome events, best first, and the share of the ranked companies each takes.
const EVENTS: [(&str, f64); 4] = [
    ("ipo", 0.10),
    ("acquired", 0.25),
    ("independent", 0.35),
    ("shut-down", 0.30),
];

/// The noise's standard deviation by default, as a share of the latent values' own.
pub const NOISE_SHARE: f64 = 0.5;

/// The shape of the noise added to the latent value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noise {
    Normal,
    Logistic,
    Uniform,
}

/// The planted model: a weight per lens (rescaled to sum to one), the noise, and the seed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantedModel {
    pub weights: Vec<(String, f64)>,
    pub noise: Noise,
    /// The noise's standard deviation, as a share of the latent values' own.
    pub noise_share: f64,
    pub seed: u64,
}

impl PlantedModel {
    /// Weights drawn uniformly from every weighting of `lenses` (a flat Dirichlet) by `seed`.
    pub fn drawn(lenses: &[String], noise: Noise, seed: u64) -> PlantedModel {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(31);
        let draws: Vec<f64> = (0..lenses.len())
            .map(|_| -(1.0 - rng.random::<f64>()).ln())
            .collect();
        let total: f64 = draws.iter().sum();
        PlantedModel {
            weights: lenses
                .iter()
                .cloned()
                .zip(draws.iter().map(|draw| draw / total))
                .collect(),
            noise,
            noise_share: NOISE_SHARE,
            seed,
        }
    }

    /// Each ranked company's event, from its lens scores (in the order of `weights`): `None` for
    /// a company without evidence on any lens.
    pub fn draw(&self, scores: &[Vec<Option<f64>>]) -> Vec<Option<&'static str>> {
        let latent: Vec<Option<f64>> = scores.iter().map(|row| self.latent(row)).collect();
        let present: Vec<f64> = latent.iter().flatten().copied().collect();
        let count = present.len().max(1) as f64;
        let mean = present.iter().sum::<f64>() / count;
        let spread = (present
            .iter()
            .map(|value| (value - mean).powi(2))
            .sum::<f64>()
            / count)
            .sqrt();
        let scale = self.noise_share * spread;
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(37);
        let noisy: Vec<Option<f64>> = (latent.iter())
            .map(|value| {
                let noise = self.noise_draw(&mut rng) * scale;
                value.map(|value| value + noise)
            })
            .collect();
        let mut order: Vec<usize> = (0..noisy.len()).filter(|&i| noisy[i].is_some()).collect();
        order.sort_by(|&a, &b| {
            let (a_value, b_value) = (noisy[a].unwrap_or_default(), noisy[b].unwrap_or_default());
            b_value.total_cmp(&a_value).then(a.cmp(&b))
        });
        let mut events = vec![None; scores.len()];
        let ranked = order.len() as f64;
        let mut boundary = 0.0;
        let mut next = 0;
        for (event, share) in EVENTS {
            boundary += share * ranked;
            while next < order.len() && (next as f64) < boundary.round() {
                events[order[next]] = Some(event);
                next += 1;
            }
        }
        for &company in &order[next..] {
            events[company] = Some(EVENTS[EVENTS.len() - 1].0);
        }
        events
    }

    /// The weighted sum of the lens scores with evidence, the weights rescaled over them.
    fn latent(&self, scores: &[Option<f64>]) -> Option<f64> {
        let available: f64 = (scores.iter().zip(&self.weights))
            .filter(|(score, _)| score.is_some())
            .map(|(_, (_, weight))| weight)
            .sum();
        (available > 0.0).then(|| {
            (scores.iter().zip(&self.weights))
                .filter_map(|(score, (_, weight))| score.map(|score| score * weight / available))
                .sum()
        })
    }

    /// One draw of unit-variance noise of the model's shape.
    fn noise_draw(&self, rng: &mut ChaCha8Rng) -> f64 {
        match self.noise {
            Noise::Normal => StandardNormal.sample(rng),
            Noise::Logistic => {
                // Inverse CDF; the logistic's standard deviation is pi / sqrt(3).
                let u: f64 = rng.random::<f64>().clamp(1e-12, 1.0 - 1e-12);
                (u / (1.0 - u)).ln() * 3f64.sqrt() / std::f64::consts::PI
            }
            Noise::Uniform => (rng.random::<f64>() * 2.0 - 1.0) * 3f64.sqrt(),
        }
    }

    /// `planted_weights.csv`: `criterion,weight`.
    pub fn write_weights(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "criterion,weight")?;
        for (lens, weight) in &self.weights {
            writeln!(out, "{lens},{weight}")?;
        }
        Ok(())
    }
}

/// `outcomes.csv` of the companies given by id with their events, in file order: one final event
/// each, dated after the generated thesis's `as_of`.
pub fn write_outcomes(events: &[(&str, &'static str)], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "id,date,event,final")?;
    for (id, event) in events {
        writeln!(out, "{id},2020-06,{event},true")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_take_their_shares_best_latent_first() {
        let model = PlantedModel {
            weights: vec![("a".into(), 1.0), ("b".into(), 0.0)],
            noise: Noise::Uniform,
            noise_share: 0.0,
            seed: 1,
        };
        // Without noise the order is the scores'.
        let scores: Vec<Vec<Option<f64>>> =
            (0..20).map(|i| vec![Some(f64::from(i)), None]).collect();
        let events = model.draw(&scores);
        let count = |event: &str| events.iter().filter(|e| **e == Some(event)).count();
        assert_eq!(
            [count("ipo"), count("acquired"), count("independent")],
            [2, 5, 7]
        );
        assert_eq!(count("shut-down"), 6);
        assert_eq!(events[19], Some("ipo"));
        assert_eq!(events[0], Some("shut-down"));
    }

    #[test]
    fn drawn_weights_sum_to_one_and_follow_the_seed() {
        let lenses: Vec<String> = ["x", "y", "z"].map(String::from).to_vec();
        let one = PlantedModel::drawn(&lenses, Noise::Normal, 7);
        let total: f64 = one.weights.iter().map(|(_, weight)| weight).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(one, PlantedModel::drawn(&lenses, Noise::Normal, 7));
        assert_ne!(one, PlantedModel::drawn(&lenses, Noise::Normal, 8));
    }
}
