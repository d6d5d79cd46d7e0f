//! How far two figures may differ before a finding is raised: the same for the form
//! rules, the report rules and pairing.

use rust_decimal::Decimal;

/// How far two figures may differ before a finding is raised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    /// Money, in 万元 (default 0.01).
    pub money: Decimal,
    /// Rates, in percentage points (default 0.01, i.e. 0.0001 as a fraction).
    pub rate_points: Decimal,
    /// `SCORE-REVIEW`: 自评得分 vs 复核得分, in points (default 0.5).
    pub score_review: Decimal,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances {
            money: Decimal::new(1, 2),
            rate_points: Decimal::new(1, 2),
            score_review: Decimal::new(5, 1),
        }
    }
}

impl Tolerances {
    /// The rate tolerance as a fraction (0.01 percentage points = 0.0001).
    pub fn rate(&self) -> Decimal {
        self.rate_points / Decimal::ONE_HUNDRED
    }
}
