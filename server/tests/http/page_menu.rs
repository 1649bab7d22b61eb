//! The standalone page's failure menu (`<select id="scenario">` in the repository's
//! index.html) lists exactly the server's scenarios. The page is plain HTML on purpose
//! (it works without script, under a strict CSP and under `trunk serve`), so it cannot
//! ask the server for the list; this test keeps its copy equal to `SCENARIOS`.

use jobs_gallery_server::scenarios::SCENARIOS;

const PAGE: &str = include_str!("../../../index.html");
/// The first entry, which is no scenario: the page as it is, on the live demo.
const NONE: (&str, &str) = ("", "None: the live demo");

/// `(value, text)` of each `<option>` inside `<select id="scenario">`.
fn menu(html: &str) -> Result<Vec<(String, String)>, String> {
    let start = html
        .find("<select id=\"scenario\"")
        .ok_or("index.html has no <select id=\"scenario\">")?;
    let end = html[start..]
        .find("</select>")
        .ok_or("<select id=\"scenario\"> is not closed")?;
    let mut rest = &html[start..start + end];
    let mut options = Vec::new();
    while let Some(at) = rest.find("<option") {
        rest = &rest[at..];
        let tag_end = rest.find('>').ok_or("an <option> tag is not closed")?;
        let tag = &rest[..tag_end];
        let value = tag
            .split_once("value=\"")
            .and_then(|(_, v)| v.split_once('"'))
            .map(|(v, _)| v)
            .ok_or_else(|| format!("{tag}>: no value=\"…\""))?;
        let text_end = rest
            .find("</option>")
            .ok_or_else(|| format!("{tag}>: no </option>"))?;
        let text = &rest[tag_end + 1..text_end];
        options.push((unescape(value), unescape(text.trim())));
        rest = &rest[text_end..];
    }
    Ok(options)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn the_page_menu_lists_exactly_the_scenarios() {
    let expected: Vec<(String, String)> = std::iter::once(NONE)
        .chain(SCENARIOS.iter().map(|s| (s.name, s.label)))
        .map(|(v, t)| (v.to_string(), t.to_string()))
        .collect();
    let found = menu(PAGE).unwrap_or_else(|e| panic!("index.html: {e}"));
    if found == expected {
        return;
    }
    let first = (0..expected.len().max(found.len()))
        .find(|&i| expected.get(i) != found.get(i))
        .unwrap_or(0);
    let show = |o: Option<&(String, String)>| match o {
        Some((v, t)) => format!("value {v:?}, text {t:?}"),
        None => "nothing".into(),
    };
    let block: String = expected
        .iter()
        .map(|(v, t)| {
            format!(
                "          <option value=\"{}\">{}</option>\n",
                escape(v),
                escape(t)
            )
        })
        .collect();
    panic!(
        "index.html's <select id=\"scenario\"> differs from SCENARIOS (server/src/scenarios/mod.rs) \
         at option {}: expected {}, found {}.\nIts options should read:\n{block}",
        first + 1,
        show(expected.get(first)),
        show(found.get(first)),
    );
}

#[test]
fn the_menu_reader_sees_what_a_browser_would() {
    let html = r#"<p><select id="scenario" name="scenario">
        <option value="">None</option>
        <option value="a&amp;b" selected>A &lt;b&gt;</option>
      </select><select><option value="x">not this one</option></select>"#;
    assert_eq!(
        menu(html).unwrap(),
        [
            ("".to_string(), "None".to_string()),
            ("a&b".to_string(), "A <b>".to_string())
        ]
    );
    assert!(menu("<select id=\"other\"></select>").is_err());
}
