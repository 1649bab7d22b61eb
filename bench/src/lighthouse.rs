//! lighthouse.json beside latest.json, which scripts/lighthouse.sh writes: Lighthouse's
//! own reports (LHR) for the standalone page and for the floor, of which the table
//! shows the category scores and the load metrics.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use serde::Deserialize;

/// `{ "widget": <LHR>, "floor": <LHR> }`.
#[derive(Debug, Deserialize)]
pub struct Lighthouse {
    pub widget: Lhr,
    pub floor: Lhr,
}

/// The parts of a Lighthouse report the table reads.
#[derive(Debug, Deserialize)]
pub struct Lhr {
    #[serde(rename = "lighthouseVersion", default)]
    pub version: Option<String>,
    #[serde(default)]
    categories: HashMap<String, Category>,
    #[serde(default)]
    audits: HashMap<String, Audit>,
}

#[derive(Debug, Deserialize)]
struct Category {
    /// 0 to 1; `null` where Lighthouse could not score it.
    score: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct Audit {
    #[serde(rename = "numericValue")]
    numeric_value: Option<f64>,
}

impl Lhr {
    /// A category's score × 100 (`performance`, `accessibility`, `best-practices`).
    pub fn score(&self, category: &str) -> Option<f64> {
        let score = self.categories.get(category)?.score?;
        Some((score * 100.0).round())
    }

    /// An audit's `numericValue` (ms, or the layout shift score).
    pub fn metric(&self, audit: &str) -> Option<f64> {
        self.audits.get(audit)?.numeric_value
    }
}

/// `dir/lighthouse.json`, `None` where there is none.
pub fn read(dir: &Path) -> Result<Option<Lighthouse>> {
    let path = dir.join("lighthouse.json");
    if !path.is_file() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text)
        .map(Some)
        .with_context(|| format!("reading {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scores_and_metrics_from_a_report() {
        let lhr: Lhr = serde_json::from_value(serde_json::json!({
            "lighthouseVersion": "12.2.3",
            "categories": {
                "performance": { "score": 0.974, "title": "Performance" },
                "best-practices": { "score": null }
            },
            "audits": {
                "largest-contentful-paint": { "numericValue": 2612.5, "score": 0.8 },
                "cumulative-layout-shift": { "numericValue": 0 },
                "diagnostics": { "details": {} }
            }
        }))
        .unwrap();
        assert_eq!(lhr.version.as_deref(), Some("12.2.3"));
        assert_eq!(lhr.score("performance"), Some(97.0));
        assert_eq!(lhr.score("best-practices"), None);
        assert_eq!(lhr.score("accessibility"), None);
        assert_eq!(lhr.metric("largest-contentful-paint"), Some(2612.5));
        assert_eq!(lhr.metric("cumulative-layout-shift"), Some(0.0));
        assert_eq!(lhr.metric("diagnostics"), None);
    }
}
