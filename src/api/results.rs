//! The three result shapes (image, story, processing) turned into what the cards show:
//! images per scene, each with its format links, their expiry and whether the link
//! may be used at all.

use super::json::{Json, Object};

use super::model::{clip, int_field, str_field, text_field, time_field};
use crate::time::Millis;

/// Signed result URLs live one hour after generation when no `expires_at` says otherwise.
pub const LINK_LIFETIME_MS: Millis = 3_600_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImageFormat {
    Webp,
    Jpeg,
    Png,
    Other,
}

impl ImageFormat {
    pub fn parse(text: &str) -> Self {
        let lower = text.trim().to_ascii_lowercase();
        match lower.strip_prefix("image/").unwrap_or(&lower) {
            "webp" => ImageFormat::Webp,
            "jpeg" | "jpg" => ImageFormat::Jpeg,
            "png" => ImageFormat::Png,
            _ => ImageFormat::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Webp => "webp",
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
            ImageFormat::Other => "image",
        }
    }

    /// The format's name for people: a file type's own, or the reader's word for a
    /// picture of a type the gallery does not know.
    pub fn label(self) -> String {
        match self {
            ImageFormat::Webp => "WebP".into(),
            ImageFormat::Jpeg => "JPEG".into(),
            ImageFormat::Png => "PNG".into(),
            ImageFormat::Other => crate::words::PanelKey::format_image.text(),
        }
    }
}

/// A URL the widget may put into `src` or `href`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    Safe(String),
    /// `javascript:`, `data:`, protocol-relative or malformed: shown as "invalid link".
    Invalid,
}

impl Link {
    /// Accepts `https:`/`http:` URLs and same-origin root-relative paths, nothing else.
    pub fn parse(text: &str) -> Self {
        let url = text.trim();
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        // What follows a web scheme's "//", where the host must start.
        let after_scheme = if lower.starts_with("https://") {
            url.get(8..)
        } else if lower.starts_with("http://") {
            url.get(7..)
        } else {
            None
        };
        let relative_ok = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
        let clean = url.len() <= 4096
            && !url.chars().any(|c| {
                c.is_whitespace() || c.is_control() || c == '\\' || c == '"' || c == '<' || c == '>'
            });
        let host_ok = after_scheme.is_none_or(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if (after_scheme.is_some() || relative_ok) && clean && host_ok {
            Link::Safe(url.to_owned())
        } else {
            Link::Invalid
        }
    }

    pub fn url(&self) -> Option<&str> {
        match self {
            Link::Safe(url) => Some(url),
            Link::Invalid => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormatLink {
    pub format: ImageFormat,
    pub link: Link,
    pub expires_at: Option<Millis>,
    pub size_bytes: Option<u64>,
}

impl FormatLink {
    pub fn is_expired(&self, now: Millis) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// One picture of a result: the single image, or one scene of a story.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultImage {
    /// 1-based scene number for stories.
    pub scene: Option<u32>,
    pub prompt: Option<String>,
    /// Best format for a thumbnail first (WebP, JPEG, PNG).
    pub links: Vec<FormatLink>,
}

impl ResultImage {
    /// Which link a thumbnail loads at `now`: the smallest usable format that is still
    /// valid, else the smallest usable one (its tile says "expired"), else the first link,
    /// so that the tile can say why it shows nothing.
    pub fn thumbnail_index(&self, now: Millis) -> Option<usize> {
        let usable = |l: &FormatLink| matches!(l.link, Link::Safe(_));
        self.links
            .iter()
            .position(|l| usable(l) && !l.is_expired(now))
            .or_else(|| self.links.iter().position(usable))
            .or((!self.links.is_empty()).then_some(0))
    }

    pub fn thumbnail(&self, now: Millis) -> Option<&FormatLink> {
        self.thumbnail_index(now).map(|i| &self.links[i])
    }

    /// The link to open, show full size or download at `now`: the original-quality PNG
    /// while it is valid, else the first usable format still valid; once every format
    /// has expired, the one the PNG rule would have chosen, which then says "expired".
    /// Never an unusable link.
    pub fn full_size(&self, now: Millis) -> Option<&FormatLink> {
        let best = |valid: bool| {
            let ok =
                |l: &&FormatLink| matches!(l.link, Link::Safe(_)) && !(valid && l.is_expired(now));
            self.links
                .iter()
                .filter(ok)
                .find(|l| l.format == ImageFormat::Png)
                .or_else(|| self.links.iter().find(ok))
        };
        best(true).or_else(|| best(false))
    }

    /// Whether every usable format of the picture has expired at `now` (and there is
    /// one): only then does it show as expired.
    pub fn is_expired(&self, now: Millis) -> bool {
        self.thumbnail(now)
            .is_some_and(|l| matches!(l.link, Link::Safe(_)) && l.is_expired(now))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Character {
    pub name: String,
    pub reference: Option<FormatLink>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct JobResult {
    /// Six-decimal euro amounts, already checked to be numbers.
    pub cost_eur: Option<String>,
    pub balance_eur: Option<String>,
    pub images: Vec<ResultImage>,
    pub characters: Vec<Character>,
    /// "story", "image" or the processing operation, from the shape of the result.
    pub kind: Option<String>,
}

/// Formats a decimal euro string for people: "0.045000" → "€0.045", "0.180000" → "€0.18".
/// Anything that is not a plain non-negative decimal gives `None` and is not shown.
pub fn money_text(amount: &str) -> Option<String> {
    let amount = amount.trim();
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
    if whole.is_empty()
        || whole.len() > 12
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let trimmed = frac.trim_end_matches('0');
    let frac = if trimmed.len() < 2 {
        format!("{trimmed:0<2}")
    } else {
        trimmed.to_owned()
    };
    Some(format!("€{whole}.{frac}"))
}

fn expiry(obj: Option<&Object>, fallback: Option<Millis>) -> Option<Millis> {
    obj.and_then(|o| time_field(o, "expires_at")).or(fallback)
}

/// A format entry: a bare URL string or `{url, format, size_bytes, expires_at}`, with
/// its own expiry if it carries one.
fn format_link(key: &str, value: &Json) -> Option<FormatLink> {
    let (url, obj) = match value {
        Json::String(url) => (url.as_str(), None),
        Json::Object(obj) => (str_field(obj, "url")?, Some(obj)),
        _ => return None,
    };
    let format = obj
        .and_then(|o| str_field(o, "format"))
        .map_or_else(|| ImageFormat::parse(key), ImageFormat::parse);
    let format = if format == ImageFormat::Other {
        ImageFormat::parse(key)
    } else {
        format
    };
    Some(FormatLink {
        format,
        link: Link::parse(url),
        expires_at: obj.and_then(|o| time_field(o, "expires_at")),
        size_bytes: obj
            .and_then(|o| int_field(o, "size_bytes"))
            .and_then(|n| u64::try_from(n).ok()),
    })
}

/// The formats of one picture. A format without its own `expires_at` was signed with
/// its siblings, so it takes the latest expiry among those that carry one (a page of old
/// jobs may come back with one format freshly signed and the others bare); only when no
/// sibling has one does `fallback_expiry` (the container's, or `completed_at + 1 h`)
/// apply.
fn format_links(value: Option<&Json>, fallback_expiry: Option<Millis>) -> Vec<FormatLink> {
    let Some(Json::Object(formats)) = value else {
        return Vec::new();
    };
    // Kept in order of preference as they are read (ties in the server's order): an
    // insertion for at most 8 links, where `sort_by_key` would bring the standard
    // library's sort routines into the wasm (size/no-std-sort).
    let mut links: Vec<FormatLink> = Vec::new();
    for link in formats
        .iter()
        .take(8)
        .filter_map(|(k, v)| format_link(k, v))
    {
        let at = links.partition_point(|l| l.format <= link.format);
        links.insert(at, link);
    }
    let signed_with = links.iter().filter_map(|l| l.expires_at).max();
    for link in &mut links {
        link.expires_at = link.expires_at.or(signed_with).or(fallback_expiry);
    }
    links
}

fn format_from_url(url: &str) -> ImageFormat {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit_once('.')
        .map_or(ImageFormat::Other, |(_, ext)| ImageFormat::parse(ext))
}

/// Reads a job's `result`. `completed_at` gives the expiry of links that carry none.
pub fn decode_result(value: &Json, completed_at: Option<Millis>) -> Option<JobResult> {
    let obj = value.as_object()?;
    let fallback_expiry = completed_at.map(|at| at + LINK_LIFETIME_MS);
    let mut images = Vec::new();
    let mut kind = None;

    if let Some(Json::Array(scenes)) = obj.get("scenes") {
        kind = Some("story".to_owned());
        for (i, scene) in scenes
            .iter()
            .take(crate::api::model::MAX_SCENES as usize)
            .enumerate()
        {
            let scene_obj = scene.as_object();
            images.push(ResultImage {
                scene: Some(i as u32 + 1),
                prompt: scene_obj.and_then(|s| text_field(s, "prompt", 500)),
                links: format_links(
                    scene_obj.and_then(|s| s.get("images").or_else(|| s.get("formats"))),
                    expiry(scene_obj, fallback_expiry),
                ),
            });
        }
    }
    if let Some(url) = str_field(obj, "image_url") {
        kind = text_field(obj, "operation", 40).or(Some("processing".to_owned()));
        let format =
            str_field(obj, "content_type").map_or_else(|| format_from_url(url), ImageFormat::parse);
        images.push(ResultImage {
            scene: None,
            prompt: None,
            links: vec![FormatLink {
                format,
                link: Link::parse(url),
                expires_at: expiry(Some(obj), fallback_expiry),
                size_bytes: None,
            }],
        });
    }
    let formats = format_links(obj.get("formats"), expiry(Some(obj), fallback_expiry));
    if !formats.is_empty() {
        kind.get_or_insert_with(|| "image".to_owned());
        images.push(ResultImage {
            scene: None,
            prompt: text_field(obj, "prompt", 500),
            links: formats,
        });
    }
    let characters = match obj.get("characters") {
        Some(Json::Array(list)) => list
            .iter()
            .take(50)
            .filter_map(Json::as_object)
            .map(|c| Character {
                name: text_field(c, "name", 80).unwrap_or_default(),
                reference: str_field(c, "reference_url").map(|url| FormatLink {
                    format: format_from_url(url),
                    link: Link::parse(url),
                    expires_at: expiry(Some(c), fallback_expiry),
                    size_bytes: None,
                }),
            })
            .collect(),
        _ => Vec::new(),
    };
    let money = |key| str_field(obj, key).and_then(|m| money_text(m).map(|_| clip(m, 24)));
    Some(JobResult {
        cost_eur: money("cost_eur"),
        balance_eur: money("balance_eur"),
        images,
        characters,
        kind,
    })
}
