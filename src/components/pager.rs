use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::words::Key;

use crate::paging::{page_count, page_of, page_window, range_text, PageItem, Shown, PAGE_SIZES};

/// The page sizes offered: the usual ones, plus the configured one when it is not
/// among them, so the choice always shows the size in use.
pub fn size_choices(current: u32) -> Vec<u32> {
    let mut sizes = PAGE_SIZES.to_vec();
    if !sizes.contains(&current) {
        sizes.insert(sizes.partition_point(|&s| s < current), current);
    }
    sizes
}

/// Previous/next, numbered pages with gaps, "Showing 21–40 of 134", page size and a
/// jump-to-page field. It only reports choices; the gallery decides what to load.
#[component]
pub fn Pager(
    /// The page on screen (`None` before the first answer).
    shown: RwSignal<Option<Shown>>,
    size: RwSignal<u32>,
    #[prop(into)] on_page: Callback<u64>,
    #[prop(into)] on_size: Callback<u32>,
) -> impl IntoView {
    let shown = move || shown.get().unwrap_or_default();
    let current = Memo::new(move |_| page_of(shown().offset, size.get()));
    let count = Memo::new(move |_| page_count(shown().total, size.get()));
    let jump = RwSignal::new(String::new());
    let jump_invalid = RwSignal::new(false);
    let hint_id = super::unique_id("jg-jump-hint");
    let hint_ref = hint_id.clone();

    let go = move |page: u64| {
        if page != current.get_untracked() {
            on_page.run(page);
        }
    };
    let on_jump = move |ev: SubmitEvent| {
        ev.prevent_default();
        match jump.get_untracked().trim().parse::<u64>() {
            Ok(page) if (1..=count.get_untracked()).contains(&page) => {
                jump_invalid.set(false);
                jump.set(String::new());
                go(page);
            }
            _ => jump_invalid.set(true),
        }
    };

    view! {
        <div class="jg-pager">
            <p class="jg-pager__range">{move || {
                let page = shown();
                range_text(page.offset, page.count, page.total)
            }}</p>
            <nav class="jg-pager__nav" aria-label=Key::job_pages.text()>
                <button
                    type="button"
                    class="jg-button jg-pager__step"
                    on:click=move |_| go(current.get_untracked().saturating_sub(1).max(1))
                    disabled=move || (current.get() <= 1).then_some("")
                    aria-label=Key::previous_page.text()
                >
                    <span aria-hidden="true">"\u{2039} "</span>
                    {Key::previous.text()}
                </button>
                <ul class="jg-pager__pages">
                    <For
                        each=move || page_window(current.get(), count.get())
                        // A string like the cards' keys: one keyed-list diff in the wasm, not two.
                        key=PageItem::key
                        children=move |item| match item {
                            PageItem::Page(page) => view! {
                                <li>
                                    <button
                                        type="button"
                                        class="jg-button jg-pager__page"
                                        aria-current=move || (current.get() == page).then_some("page")
                                        aria-label=Key::page_n.with(&[("page", &page.to_string())])
                                        on:click=move |_| go(page)
                                    >
                                        {page.to_string()}
                                    </button>
                                </li>
                            }
                            .into_any(),
                            PageItem::Gap { .. } => view! {
                                <li class="jg-pager__gap" aria-hidden="true">"\u{2026}"</li>
                            }
                            .into_any(),
                        }
                    />
                </ul>
                <button
                    type="button"
                    class="jg-button jg-pager__step"
                    on:click=move |_| go((current.get_untracked() + 1).min(count.get_untracked()))
                    disabled=move || { (current.get() >= count.get()).then_some("") }
                    aria-label=Key::next_page.text()
                >
                    {Key::next.text()}
                    <span aria-hidden="true">" \u{203A}"</span>
                </button>
            </nav>
            <div class="jg-pager__tools">
                // The widget says what is wrong itself, in the same words in every browser.
                <form class="jg-pager__jump" novalidate=true on:submit=on_jump>
                    <label>
                        {Key::go_to_page.text()}
                        " "
                        <input
                            class="jg-input"
                            type="number"
                            inputmode="numeric"
                            min="1"
                            max=move || Some(count.get().to_string())
                            prop:value=move || jump.get()
                            on:input=move |ev| jump.set(event_target_value(&ev))
                            aria-invalid=move || jump_invalid.get().then_some("true")
                            aria-describedby=move || jump_invalid.get().then(|| hint_ref.clone())
                        />
                    </label>
                    <button type="submit" class="jg-button">{Key::go.text()}</button>
                    {move || jump_invalid.get().then(|| view! {
                        <span class="jg-pager__hint" id=hint_id.clone()>{Key::choose_page.with(&[("last", &count.get().to_string())])}</span>
                    })}
                </form>
                <label class="jg-pager__size">
                    {Key::per_page.text()}
                    " "
                    <select
                        class="jg-input"
                        on:change=move |ev| {
                            if let Ok(value) = event_target_value(&ev).parse::<u32>() {
                                on_size.run(value);
                            }
                        }
                    >
                        {move || {
                            size_choices(size.get())
                                .into_iter()
                                .map(|s| view! { <option value=s.to_string() selected=move || (size.get() == s).then_some("")>{s.to_string()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::size_choices;

    #[test]
    fn the_size_in_use_is_always_offered() {
        assert_eq!(size_choices(20), vec![10, 20, 50, 100]);
        assert_eq!(size_choices(4), vec![4, 10, 20, 50, 100]);
        assert_eq!(size_choices(30), vec![10, 20, 30, 50, 100]);
    }
}
