use leptos::prelude::*;

use crate::words::Key;

/// Past this many characters a server string is folded behind "Show more".
pub const FOLD_AT: usize = 280;

/// The first `FOLD_AT` characters of `text`, or `None` when it is short enough to show whole.
pub fn folded(text: &str) -> Option<&str> {
    crate::api::model::first_chars(text, FOLD_AT)
}

/// A server string that may be long: shown whole when short, else folded with a
/// "Show more" toggle, so a megabyte message never floods a card or a banner.
#[component]
pub fn ExpandableText(text: String, #[prop(optional)] class: &'static str) -> impl IntoView {
    let open = RwSignal::new(false);
    let short = folded(&text).map(str::to_owned);
    view! {
        <span class=class>
            {match short {
                None => text.into_any(),
                Some(short) => view! {
                    {move || if open.get() { text.clone() } else { format!("{short}\u{2026}") }}
                    " "
                    <button type="button" class="jg-button jg-button--quiet jg-more" aria-expanded=move || Some(if open.get() { "true" } else { "false" }) on:click=move |_| open.update(|o| *o = !*o)>
                        {move || if open.get() { Key::show_less } else { Key::show_more }.text()}
                    </button>
                }
                .into_any(),
            }}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_only_long_text_at_a_character_boundary() {
        assert_eq!(folded("short"), None);
        let long = "é".repeat(FOLD_AT + 1);
        assert_eq!(folded(&long).map(|s| s.chars().count()), Some(FOLD_AT));
        assert_eq!(folded(&"x".repeat(FOLD_AT)), None);
    }
}
