//! The API's JSON as a small owned tree, read by the parser the platform already has.
//!
//! In the browser that is `JSON.parse`: a JSON parser and its number formatting compiled
//! into the wasm would do what every browser does natively (size/json-parse;
//! docs/decisions/json-by-the-browser.md). Natively (tests, fuzzing, the property tests) serde_json
//! reads the same text into the same tree, so the decoding above it is one code path.
//!
//! Numbers are `f64` on both sides, as JavaScript has them, so a test sees what a user
//! sees. Trees are cut at [`MAX_DEPTH`] and lists at [`MAX_ITEMS`]: a hostile body can
//! cost neither the stack nor unbounded memory in the wasm.

/// Deeper values read as `Null`. Nothing in the contract nests past 6.
pub const MAX_DEPTH: usize = 32;
/// Entries past this in one array or object are dropped: pages hold at most 100 jobs,
/// stories at most 1000 scenes.
pub const MAX_ITEMS: usize = 5000;

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Object),
}

/// An object's members. Both parsers keep one entry per key (the last value, as
/// `JSON.parse` does), so a lookup is a plain search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object(Vec<(String, Json)>);

impl Object {
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Json {
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Compact JSON text, for the copyable failure report.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(&number_text(*n)),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(obj) => {
                out.push('{');
                for (i, (key, value)) in obj.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whole numbers as integers; others as the platform prints them.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return (n as i64).to_string();
    }
    platform_number_text(n)
}

#[cfg(target_arch = "wasm32")]
fn platform_number_text(n: f64) -> String {
    // JavaScript's own shortest round-trip form, instead of Rust's float formatting
    // (size/json-parse).
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn platform_number_text(n: f64) -> String {
    n.to_string()
}

/// Parses JSON text; the error says what was wrong, for the decode banner.
#[cfg(target_arch = "wasm32")]
pub fn parse(text: &str) -> Result<Json, String> {
    let value =
        js_sys::JSON::parse(text).map_err(|e| String::from(js_sys::Error::from(e).message()))?;
    Ok(from_js(&value, 0))
}

#[cfg(target_arch = "wasm32")]
fn from_js(value: &wasm_bindgen::JsValue, depth: usize) -> Json {
    use wasm_bindgen::JsCast;
    if let Some(s) = value.as_string() {
        return Json::String(s);
    }
    if let Some(n) = value.as_f64() {
        return Json::Number(n);
    }
    if let Some(b) = value.as_bool() {
        return Json::Bool(b);
    }
    if depth >= MAX_DEPTH || value.is_null() {
        return Json::Null;
    }
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        return Json::Array(
            array
                .iter()
                .take(MAX_ITEMS)
                .map(|item| from_js(&item, depth + 1))
                .collect(),
        );
    }
    match value.dyn_ref::<js_sys::Object>() {
        Some(object) => Json::Object(Object(
            js_sys::Object::entries(object)
                .iter()
                .take(MAX_ITEMS)
                .filter_map(|entry| {
                    let entry = entry.unchecked_into::<js_sys::Array>();
                    Some((entry.get(0).as_string()?, from_js(&entry.get(1), depth + 1)))
                })
                .collect(),
        )),
        None => Json::Null,
    }
}

/// Parses JSON text; the error says what was wrong, for the decode banner.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(text: &str) -> Result<Json, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(from_serde(&value, 0))
}

#[cfg(not(target_arch = "wasm32"))]
fn from_serde(value: &serde_json::Value, depth: usize) -> Json {
    use serde_json::Value;
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        // as_f64 is always Some for a parsed number; `as` casts are what JSON.parse does.
        Value::Number(n) => Json::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Json::String(s.clone()),
        _ if depth >= MAX_DEPTH => Json::Null,
        Value::Array(items) => Json::Array(
            items
                .iter()
                .take(MAX_ITEMS)
                .map(|item| from_serde(item, depth + 1))
                .collect(),
        ),
        Value::Object(map) => Json::Object(Object(
            map.iter()
                .take(MAX_ITEMS)
                .map(|(k, v)| (k.clone(), from_serde(v, depth + 1)))
                .collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let json = parse(r#"{"a": [1, 2.5, "x", true, null], "b": {"c": -3}}"#).unwrap();
        let obj = json.as_object().unwrap();
        assert_eq!(
            obj.get("a"),
            Some(&Json::Array(vec![
                Json::Number(1.0),
                Json::Number(2.5),
                Json::String("x".into()),
                Json::Bool(true),
                Json::Null
            ]))
        );
        assert_eq!(
            obj.get("b")
                .and_then(Json::as_object)
                .and_then(|b| b.get("c")),
            Some(&Json::Number(-3.0))
        );
        assert_eq!(obj.get("missing"), None);
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_once() {
        let json = parse(r#"{"k": 1, "k": 3}"#).unwrap();
        let obj = json.as_object().unwrap();
        assert_eq!(obj.get("k"), Some(&Json::Number(3.0)));
        assert_eq!(obj.iter().count(), 1);
    }

    #[test]
    fn compact_text_round_trips_through_the_parser() {
        // Keys in order: natively, serde_json keeps them sorted.
        let text = r#"{"field":"prompt","max":2000,"none":null,"ok":false,"ratio":0.5,"why":["too \"long\"\n","\u0001"]}"#;
        let json = parse(text).unwrap();
        assert_eq!(json.to_text(), text);
        assert_eq!(parse(&json.to_text()).unwrap(), json);
    }

    #[test]
    fn deep_trees_are_cut_and_broken_text_is_an_error() {
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        // serde_json's own limit is 128; the cut is ours, so that the wasm stack holds.
        let mut value = &parse(&deep).unwrap();
        let mut depth = 0;
        while let Json::Array(items) = value {
            value = &items[0];
            depth += 1;
        }
        assert_eq!((depth, value), (MAX_DEPTH, &Json::Null));
        assert!(parse("{\"a\": ").is_err());
        assert!(parse("<html>").is_err());
    }
}
