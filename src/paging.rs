//! Page arithmetic: which page an offset is on, which offset a page starts at, the
//! numbered-page window with ellipses, and "Showing 21–40 of 134".

use crate::words::Key;

/// The page on screen, which may differ from the page asked for while one loads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    pub offset: u64,
    /// Jobs in all, as the server counted them.
    pub total: u64,
    /// Jobs on this page.
    pub count: u64,
}

/// The page sizes people can choose; the API documents no maximum, the widget caps at 100.
pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
pub const MAX_PAGE_SIZE: u32 = 100;

/// A page size from configuration or user input, forced into 1..=100.
pub fn clamp_page_size(size: i64) -> u32 {
    size.clamp(1, MAX_PAGE_SIZE as i64) as u32
}

/// How many pages `total` jobs fill; an empty list still has one (empty) page.
pub fn page_count(total: u64, size: u32) -> u64 {
    total.div_ceil(size.max(1) as u64).max(1)
}

/// The 1-based page that `offset` falls on (saturating: an offset of `u64::MAX` with a
/// page size of 1 would otherwise overflow).
pub fn page_of(offset: u64, size: u32) -> u64 {
    (offset / size.max(1) as u64).saturating_add(1)
}

/// The offset at which a 1-based page starts, clamped to the pages that exist.
pub fn offset_of(page: u64, size: u32, total: u64) -> u64 {
    (page.clamp(1, page_count(total, size)) - 1) * size.max(1) as u64
}

/// Where to go when `offset` lies past the end (the list shrank): the last page.
/// `None` when `offset` is still inside the list.
pub fn corrected_offset(offset: u64, size: u32, total: u64) -> Option<u64> {
    if offset == 0 || offset < total {
        None
    } else {
        Some(offset_of(page_count(total, size), size, total))
    }
}

/// "Showing 21–40 of 134"; `shown` is how many jobs the page actually holds.
pub fn range_text(offset: u64, shown: u64, total: u64) -> String {
    if shown == 0 {
        return if total == 0 {
            Key::no_jobs.text()
        } else {
            Key::no_jobs_here.with(&[("total", &total.to_string())])
        };
    }
    // Saturating: `offset` comes from the server and may be anything up to `u64::MAX`.
    let first = offset.saturating_add(1);
    let last = offset.saturating_add(shown);
    let (first, last, total) = (first.to_string(), last.to_string(), total.to_string());
    if first == last {
        Key::showing_one.with(&[("n", &first), ("total", &total)])
    } else {
        Key::showing.with(&[("first", &first), ("last", &last), ("total", &total)])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageItem {
    Page(u64),
    /// A gap in the numbered pages; `after` keeps keys unique when there are two.
    Gap {
        after: u64,
    },
}

impl PageItem {
    /// Tells items apart across page changes, so the button for a page stays the same
    /// element (and keeps focus) while the window moves: "3", or "…3" for a gap.
    pub fn key(&self) -> String {
        match self {
            PageItem::Page(page) => page.to_string(),
            PageItem::Gap { after } => format!("\u{2026}{after}"),
        }
    }
}

/// The numbered pages to show: always the first and last, the current one with its
/// neighbours, and gaps as ellipses; never more than seven items, so the pager keeps
/// its width while the user pages through.
pub fn page_window(current: u64, count: u64) -> Vec<PageItem> {
    let count = count.max(1);
    let current = current.clamp(1, count);
    if count <= 7 {
        return (1..=count).map(PageItem::Page).collect();
    }
    let (start, end) = if current <= 4 {
        (2, 5)
    } else if current >= count - 3 {
        (count - 4, count - 1)
    } else {
        (current - 1, current + 1)
    };
    let mut items = vec![PageItem::Page(1)];
    if start > 2 {
        items.push(PageItem::Gap { after: 1 });
    }
    items.extend((start..=end).map(PageItem::Page));
    if end < count - 1 {
        items.push(PageItem::Gap { after: end });
    }
    items.push(PageItem::Page(count));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use PageItem::*;

    #[test]
    fn counts_and_offsets() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_count(134, 20), 7);
        assert_eq!(page_of(0, 20), 1);
        assert_eq!(page_of(39, 20), 2);
        assert_eq!(page_of(40, 20), 3);
        assert_eq!(offset_of(3, 20, 134), 40);
        assert_eq!(offset_of(0, 20, 134), 0);
        assert_eq!(offset_of(99, 20, 134), 120);
        assert_eq!(offset_of(5, 20, 0), 0);
    }

    #[test]
    fn offset_past_the_end_goes_to_the_last_page() {
        assert_eq!(corrected_offset(0, 20, 0), None);
        assert_eq!(corrected_offset(20, 20, 21), None);
        assert_eq!(corrected_offset(140, 20, 134), Some(120));
        assert_eq!(corrected_offset(40, 20, 40), Some(20));
        assert_eq!(corrected_offset(40, 20, 0), Some(0));
    }

    #[test]
    fn page_sizes_are_clamped() {
        assert_eq!(clamp_page_size(0), 1);
        assert_eq!(clamp_page_size(-5), 1);
        assert_eq!(clamp_page_size(20), 20);
        assert_eq!(clamp_page_size(1000), 100);
    }

    #[test]
    fn range_text_reads_as_people_expect() {
        assert_eq!(range_text(20, 20, 134), "Showing 21\u{2013}40 of 134");
        assert_eq!(range_text(120, 14, 134), "Showing 121\u{2013}134 of 134");
        assert_eq!(range_text(0, 1, 1), "Showing 1 of 1");
        assert_eq!(range_text(0, 0, 0), "No jobs");
    }

    #[test]
    fn window_with_ellipses() {
        assert_eq!(page_window(1, 1), vec![Page(1)]);
        assert_eq!(page_window(3, 7), (1..=7).map(Page).collect::<Vec<_>>());
        assert_eq!(
            page_window(1, 20),
            vec![
                Page(1),
                Page(2),
                Page(3),
                Page(4),
                Page(5),
                Gap { after: 5 },
                Page(20)
            ]
        );
        assert_eq!(
            page_window(10, 20),
            vec![
                Page(1),
                Gap { after: 1 },
                Page(9),
                Page(10),
                Page(11),
                Gap { after: 11 },
                Page(20)
            ]
        );
        assert_eq!(
            page_window(20, 20),
            vec![
                Page(1),
                Gap { after: 1 },
                Page(16),
                Page(17),
                Page(18),
                Page(19),
                Page(20)
            ]
        );
        assert_eq!(
            page_window(5, 8),
            vec![
                Page(1),
                Gap { after: 1 },
                Page(4),
                Page(5),
                Page(6),
                Page(7),
                Page(8)
            ]
        );
        assert_eq!(page_window(99, 8).last(), Some(&Page(8)));
        for count in 1..40 {
            for current in 1..=count {
                let w = page_window(current, count);
                assert!(w.len() <= 7);
                assert!(w.contains(&Page(current)));
                assert!(w.contains(&Page(1)) && w.contains(&Page(count)));
                // Keys are unique within a window, and a page keeps its key as the window moves.
                let keys: std::collections::HashSet<String> = w.iter().map(PageItem::key).collect();
                assert_eq!(keys.len(), w.len());
                assert!(keys.contains(&current.to_string()));
            }
        }
    }
}
