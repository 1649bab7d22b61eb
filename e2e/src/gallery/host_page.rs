//! Host pages of a test's own that ask for a language or for labels of their own, each
//! of the three ways in (README, Embedding): a `<jobs-gallery>` element, a drop-in
//! element, or `mount()` from a script ([`WayIn`]), with the build's `<head>`.

use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{anyhow, bail, Context as _, Result};
use serde_json::{json, Value};

use super::lifecycle::LOADER;
use crate::site::{attribute_text, site_dir, write_page};
use crate::Test;

/// The mount element's id on a page of [`Test::open_host_page`].
const HOST_ID: &str = "jobs-host";

/// How a host page asks for its gallery: the three ways in of the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WayIn {
    /// `<jobs-gallery lang="de" api-key="…" page-size="20">`: each option as the
    /// attribute of its name in kebab case, an object (`labels`) as its JSON text.
    Element,
    /// `<div data-jobs-gallery data-lang="de" data-api-key="…">`: the same attributes
    /// with `data-` in front.
    DropIn,
    /// `mount(element, options)` from a module of the page's own (a file, so that it
    /// runs under the strict CSP too), the options as given.
    Script,
}

impl std::fmt::Display for WayIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WayIn::Element => "a <jobs-gallery> element",
            WayIn::DropIn => "a drop-in element (data-jobs-gallery)",
            WayIn::Script => "mount(element, options) from a script",
        })
    }
}

/// `pageSize` → `page-size`.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// An option's value as an attribute's: text as it is, `true` as an empty value
/// (a boolean attribute), anything else as its JSON text; `None` for `false`/null.
fn attribute_value(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Bool(true) => Some(String::new()),
        Value::Bool(false) | Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// A file name for test `test_name`'s own file in the served copy, unique in this run.
fn own_file_name(test_name: &str, ext: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let stem: String = test_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!(
        "e2e-{stem}-mount-{}.{ext}",
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// The mount element (and for [`WayIn::Script`] its script tag) for `options`.
fn mount_markup(test_name: &str, way: WayIn, options: &Value) -> Result<String> {
    let options = options
        .as_object()
        .ok_or_else(|| anyhow!("the gallery's options are not an object: {options}"))?;
    let attributes = |prefix: &str| -> Result<String> {
        let mut out = String::new();
        for (name, value) in options {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                bail!("`{name}` is not an option's name");
            }
            if let Some(value) = attribute_value(value) {
                out.push_str(&format!(
                    " {prefix}{}=\"{}\"",
                    kebab(name),
                    attribute_text(&value)
                ));
            }
        }
        Ok(out)
    };
    Ok(match way {
        WayIn::Element => {
            format!(
                "<jobs-gallery id=\"{HOST_ID}\"{}></jobs-gallery>",
                attributes("")?
            )
        }
        WayIn::DropIn => {
            format!(
                "<div id=\"{HOST_ID}\" data-jobs-gallery{}></div>",
                attributes("data-")?
            )
        }
        WayIn::Script => {
            let file = own_file_name(test_name, "js");
            let script = format!(
                "import {{ mount }} from {loader};\nwindow.__e2eGallery = mount(document.getElementById({host}), {options});\n",
                loader = json!(LOADER),
                host = json!(HOST_ID),
                options = Value::Object(options.clone()),
            );
            let path = site_dir()?.join(&file);
            std::fs::write(&path, script).with_context(|| format!("writing {}", path.display()))?;
            format!("<div id=\"{HOST_ID}\"></div>\n    <script type=\"module\" src=\"/{file}\"></script>")
        }
    })
}

/// The served copy's index.html up to its body (the build's stylesheet and loader; in
/// WebKit the console hooks), its `<html>` tag given `lang` when there is one.
fn host_head(html_lang: Option<&str>) -> Result<String> {
    let index = std::fs::read_to_string(site_dir()?.join("index.html"))
        .context("reading the built index.html")?;
    let body = index
        .find("<body")
        .ok_or_else(|| anyhow!("the built index.html has no <body>"))?;
    let head = &index[..body];
    let Some(lang) = html_lang else {
        return Ok(head.to_owned());
    };
    let start = head
        .find("<html")
        .ok_or_else(|| anyhow!("the built index.html has no <html> tag"))?;
    let end = start
        + head[start..]
            .find('>')
            .ok_or_else(|| anyhow!("the built index.html's <html> tag does not end"))?;
    Ok(format!(
        "{}<html lang=\"{}\">{}",
        &head[..start],
        attribute_text(lang),
        &head[end + 1..]
    ))
}

impl Test {
    /// Opens a host page of the test's own: the build's `<head>`, its `<html lang>` set
    /// to `html_lang` when given (else the build's, `en`), and one gallery asked for
    /// `way` with `options` in the camelCase of `mount()`, e.g.
    /// `{"lang": "de", "apiKey": "dpct_demo", "pageSize": 20}` or
    /// `{"labels": {"refresh": "Neu laden"}}`. The mount element's id is `jobs-host`.
    pub async fn open_host_page(
        &self,
        way: WayIn,
        options: &Value,
        html_lang: Option<&str>,
    ) -> Result<()> {
        let html = format!(
            "{}<body>\n  <main class=\"demo\">\n    <h1>Jobs gallery (end-to-end page)</h1>\n    {}\n  </main>\n</body>\n</html>\n",
            host_head(html_lang)?,
            mount_markup(self.name(), way, options)?,
        );
        let page = write_page(self.name(), &html)?;
        self.open(&page).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_page_asks_each_way() {
        let options = json!({"lang": "de", "apiKey": "dpct_demo", "pageSize": 20,
                             "labels": {"refresh": "Neu laden"}});
        let element = mount_markup("t", WayIn::Element, &options).unwrap();
        assert!(
            element.starts_with("<jobs-gallery id=\"jobs-host\""),
            "{element}"
        );
        for attribute in [
            " lang=\"de\"",
            " api-key=\"dpct_demo\"",
            " page-size=\"20\"",
            " labels=\"{&quot;refresh&quot;:&quot;Neu laden&quot;}\"",
        ] {
            assert!(element.contains(attribute), "{attribute} not in {element}");
        }
        let drop_in = mount_markup("t", WayIn::DropIn, &options).unwrap();
        assert!(drop_in.contains(" data-jobs-gallery data-"), "{drop_in}");
        assert!(drop_in.contains(" data-api-key=\"dpct_demo\""), "{drop_in}");
        assert!(drop_in.contains(" data-lang=\"de\""), "{drop_in}");
        assert_eq!(kebab("pollActiveMs"), "poll-active-ms");
    }
}
