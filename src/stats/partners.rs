//! A partnership's disagreement as a distribution of weights: the Dirichlet fitted to the partners'
//! weightings by the method of moments (Minka, "Estimating a Dirichlet distribution", 2000): its mean
//! is the consensus (the partners' mean weights), and its precision `s = Σ α_k` comes from how far
//! the partners spread, `s = Σ m_k (1 − m_k) / Σ v_k − 1` with `v_k` each lens's sample variance.
//! Sensitivity then samples weights from `Dirichlet(s · consensus)`.

use crate::io::PartnerWeights;

/// The precision used when the partners agree exactly (no spread) or nearly so: a Dirichlet this
/// concentrated moves weights by well under a percentage point.
const MOST_CONCENTRATED: f64 = 10_000.0;
/// The precision used when the partners spread more than any Dirichlet with their mean can: a
/// flatter draw than the uniform one would pile weights at the corners.
const LEAST_CONCENTRATED: f64 = 1.0;

/// The Dirichlet fitted to a partnership's weights.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerSpread {
    pub partners: PartnerWeights,
    /// The partners' mean weights, in criterion order, summing to one.
    pub consensus: Vec<f64>,
    /// The Dirichlet's precision `Σ α_k`: the larger, the closer the partners.
    pub concentration: f64,
}

impl PartnerSpread {
    pub fn fit(partners: PartnerWeights) -> PartnerSpread {
        let count = partners.weights.len() as f64;
        let lenses = partners.weights.first().map_or(0, Vec::len);
        let consensus: Vec<f64> = (0..lenses)
            .map(|lens| partners.weights.iter().map(|w| w[lens]).sum::<f64>() / count)
            .collect();
        let spread: f64 = (0..lenses)
            .map(|lens| {
                let mean = consensus[lens];
                partners
                    .weights
                    .iter()
                    .map(|w| (w[lens] - mean).powi(2))
                    .sum::<f64>()
                    / (count - 1.0).max(1.0)
            })
            .sum();
        let room: f64 = consensus.iter().map(|m| m * (1.0 - m)).sum();
        let concentration = if spread <= room / MOST_CONCENTRATED {
            MOST_CONCENTRATED
        } else {
            (room / spread - 1.0).clamp(LEAST_CONCENTRATED, MOST_CONCENTRATED)
        };
        PartnerSpread {
            partners,
            consensus,
            concentration,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use rand_distr::multi::{Dirichlet, MultiDistribution};

    fn partners(weights: Vec<Vec<f64>>) -> PartnerWeights {
        PartnerWeights {
            file: "partners.csv".to_string(),
            names: (0..weights.len()).map(|i| format!("p{i}")).collect(),
            weights,
        }
    }

    #[test]
    fn draws_of_a_known_dirichlet_give_back_its_mean_and_precision() {
        for alpha in [[2.0, 5.0, 3.0], [12.0, 24.0, 4.0], [0.8, 0.6, 0.6]] {
            let dirichlet = Dirichlet::new(&alpha).unwrap();
            let mut rng = ChaCha8Rng::seed_from_u64(9);
            let draws = (0..20_000)
                .map(|_| {
                    let mut draw = vec![0.0; 3];
                    dirichlet.sample_to_slice(&mut rng, &mut draw);
                    draw
                })
                .collect();
            let spread = PartnerSpread::fit(partners(draws));
            let precision: f64 = alpha.iter().sum();
            assert!(
                (spread.concentration / precision - 1.0).abs() < 0.05,
                "{alpha:?}: {}",
                spread.concentration
            );
            for (mean, a) in spread.consensus.iter().zip(alpha) {
                assert!((mean - a / precision).abs() < 0.01, "{alpha:?}: {mean}");
            }
        }
    }

    #[test]
    fn agreeing_partners_give_the_most_concentrated_draw() {
        let spread = PartnerSpread::fit(partners(vec![vec![0.5, 0.5], vec![0.5, 0.5]]));
        assert_eq!(spread.concentration, MOST_CONCENTRATED);
        assert_eq!(spread.consensus, [0.5, 0.5]);
    }

    /// Two partners at opposite corners spread more than any Dirichlet with a mean of one half.
    #[test]
    fn partners_at_opposite_corners_give_the_least_concentrated_draw() {
        let spread = PartnerSpread::fit(partners(vec![vec![1.0, 0.0], vec![0.0, 1.0]]));
        assert_eq!(spread.concentration, LEAST_CONCENTRATED);
    }
}
