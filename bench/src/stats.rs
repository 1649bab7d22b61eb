//! Median, min and max of a figure over a measurement's runs.

use serde::{Deserialize, Serialize};

/// Median, min and max (to 0.1) of one figure over runs, and how many runs gave it;
/// `None` where no run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub n: usize,
}

impl Stats {
    /// Over `values`, leaving out the ones that are not finite (a run that missed it).
    pub fn of(values: impl IntoIterator<Item = f64>) -> Stats {
        let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return Stats::default();
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Stats {
            median: Some(round(median)),
            min: Some(round(v[0])),
            max: Some(round(v[n - 1])),
            n,
        }
    }

    /// Over `runs`, of the figure `figure` reads from each.
    pub fn over<T>(runs: &[T], figure: impl Fn(&T) -> Option<f64>) -> Stats {
        Stats::of(runs.iter().map(|r| figure(r).unwrap_or(f64::NAN)))
    }
}

/// To 0.1.
pub fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `a - b`, where both were measured.
pub fn minus(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? - b?)
}

/// The largest of `values`, `None` if there are none.
pub fn max_of(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    values
        .into_iter()
        .filter(|x| x.is_finite())
        .reduce(f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts_rounded_to_a_tenth() {
        let s = Stats::of([3.0, 1.0, 2.04]);
        assert_eq!(
            (s.median, s.min, s.max, s.n),
            (Some(2.0), Some(1.0), Some(3.0), 3)
        );
        assert_eq!(Stats::of([1.0, 2.0, 4.0, 8.0]).median, Some(3.0));
    }

    #[test]
    fn runs_that_missed_a_figure_are_left_out() {
        let s = Stats::over(&[Some(5.0), None, Some(7.0)], |x| *x);
        assert_eq!((s.median, s.n), (Some(6.0), 2));
        assert_eq!(Stats::of([f64::NAN]), Stats::default());
    }
}
