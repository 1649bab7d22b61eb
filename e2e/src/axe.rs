//! axe-core (npm, installed by scripts/setup.sh into tools/axe), run in the page.

use std::sync::OnceLock;

use anyhow::{anyhow, bail, Result};
use serde_json::{json, Value};

use crate::{repo_root, Test};

impl Test {
    /// Injects axe-core unless the page already has it.
    pub async fn inject_axe(&self) -> Result<()> {
        if self.js("return typeof window.axe;", vec![]).await? == json!("object") {
            return Ok(());
        }
        static AXE: OnceLock<Result<String, String>> = OnceLock::new();
        let source = AXE
            .get_or_init(|| {
                let path = repo_root().join("tools/axe/node_modules/axe-core/axe.min.js");
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e} (run scripts/setup.sh)", path.display()))
            })
            .clone()
            .map_err(|e| anyhow!(e))?;
        // Run through WebDriver, so a strict page CSP does not block it.
        let kind = self
            .js(&format!("{source}\n;return typeof window.axe;"), vec![])
            .await?;
        if kind != json!("object") {
            bail!("axe-core did not define window.axe (got {kind})");
        }
        Ok(())
    }

    /// Runs axe-core on the page (or the element matching `context_css`) and returns
    /// its violations (an array of axe result objects).
    pub async fn axe_violations(&self, context_css: Option<&str>) -> Result<Vec<Value>> {
        self.inject_axe().await?;
        let result = self
            .js_async(
                r#"const done = arguments[arguments.length - 1];
                   const ctx = arguments[0] ? document.querySelector(arguments[0]) : document;
                   window.axe.run(ctx, { resultTypes: ['violations'] })
                     .then(r => done({ ok: r.violations }))
                     .catch(e => done({ err: String(e) }));"#,
                vec![json!(context_css)],
            )
            .await?;
        if let Some(err) = result.get("err") {
            bail!("axe.run failed: {err}");
        }
        Ok(result
            .get("ok")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// Fails, listing each rule, impact and offending nodes, when axe finds violations.
    /// `state` names the page state checked (loaded, empty, error, loading).
    pub async fn assert_axe_clean(&self, state: &str) -> Result<()> {
        let violations = self.axe_violations(None).await?;
        if violations.is_empty() {
            return Ok(());
        }
        let mut report = String::new();
        for v in &violations {
            let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
            report.push_str(&format!("  {} ({}): {}\n", s("id"), s("impact"), s("help")));
            for node in v
                .get("nodes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .take(5)
            {
                report.push_str(&format!(
                    "    at {}\n",
                    node.get("target").unwrap_or(&Value::Null)
                ));
            }
        }
        bail!(
            "axe-core: {} violation(s) in the {state} state:\n{report}",
            violations.len()
        )
    }
}
