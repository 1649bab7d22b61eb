//! No English left in components: every string literal in `src/components/` that could
//! be words a reader sees must go through the catalogue (src/words/). What may stay:
//! literals without letters (symbols, format patterns), CSS classes (`jg-…`), and
//! single lowercase or camelCase tokens (attribute values, key and event names). A
//! capitalised word or a phrase of plain words is taken for English.

// Native only: they read the repository's files.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// Literals that look like words and are not: `rel`'s values.
const NOT_WORDS: &[&str] = &["noopener noreferrer"];

/// The string literals of Rust source, outside comments and `#[cfg(test)]` modules,
/// with their line numbers.
fn literals(source: &str) -> Vec<(usize, String)> {
    let code = source.split("#[cfg(test)]").next().unwrap_or("");
    let mut found = Vec::new();
    for (number, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            found.push((number + 1, after[..end].to_owned()));
            rest = &after[end + 1..];
        }
    }
    found
}

/// Whether a literal reads as words for people.
fn is_words(text: &str) -> bool {
    if NOT_WORDS.contains(&text.trim()) {
        return false;
    }
    // Escapes (\u{2026}) and placeholders ({label}) are no letters of a word.
    let mut bare = String::new();
    let mut depth = 0;
    for c in text.replace("\\u{", "{").replace("\\n", " ").chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    let text = bare.trim();
    if !text.chars().any(char::is_alphabetic) {
        return false;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.iter().all(|t| t.starts_with("jg-")) {
        return false;
    }
    if let [token] = tokens.as_slice() {
        // A capitalised word ("Download") is English; "button", "aria-label", "jobId",
        // "ArrowLeft" and format patterns ("{label}") are not.
        let mut chars = token.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        let rest_lower = chars.clone().all(|c| !c.is_uppercase());
        return first_upper && rest_lower && token.chars().all(char::is_alphabetic);
    }
    true
}

#[test]
fn components_say_nothing_but_through_the_catalogue() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/components");
    let mut english = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for (line, text) in literals(&source) {
            if is_words(&text) {
                english.push(format!("{}:{line}: \"{text}\"", path.display()));
            }
        }
    }
    assert!(
        english.is_empty(),
        "string literals that bypass the catalogue (src/words/):\n{}",
        english.join("\n")
    );
}

#[test]
fn the_check_finds_english_and_lets_the_rest_be() {
    let source = r#"
        view! { <button class="jg-button jg-button--quiet" type="button">"Download"</button> }
        let a = format!("Scene {n} of {of}"); // "In a comment"
        let b = ("ArrowLeft", "\u{2026}", "{label}: {state}", "no image", "aria-label");
        #[cfg(test)]
        mod tests { const X: &str = "Test words"; }
    "#;
    let words: Vec<String> = literals(source)
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| is_words(t))
        .collect();
    assert_eq!(words, ["Download", "Scene {n} of {of}", "no image"]);
}
