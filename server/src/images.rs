//! Result pictures: small deterministic renderings served under signed, expiring URLs.
//!
//! Each picture is a function of (job id, file stem), so any number of servers with the
//! same seed serve the same bytes and nothing has to be stored. Encoding costs CPU
//! (WebP lossless especially), so encoded files are kept in a small bounded cache.

use axum::body::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ImageBuffer, Rgb, RgbImage};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Side of the square picture in pixels.
pub const SIZE: u32 = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Jpeg,
    Webp,
}

impl Format {
    pub fn from_ext(ext: &str) -> Option<Format> {
        match ext {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Webp => "image/webp",
        }
    }
}

/// What a file stem names. Anything else is not a file the demo ever links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Image,
    Graphic,
    Diagram,
    Scene(u32),
    Character(u32),
    Processed,
}

impl Subject {
    pub fn parse(stem: &str) -> Option<Subject> {
        let number = |s: &str| s.parse::<u32>().ok().filter(|n| (1..=64).contains(n));
        match stem {
            "image" => Some(Subject::Image),
            "graphic" => Some(Subject::Graphic),
            "diagram" => Some(Subject::Diagram),
            "result" => Some(Subject::Processed),
            _ => {
                if let Some(n) = stem.strip_prefix("scene-") {
                    number(n).map(Subject::Scene)
                } else if let Some(n) = stem.strip_prefix("char-") {
                    number(n).map(Subject::Character)
                } else {
                    None
                }
            }
        }
    }
}

fn hsv(h: f32, s: f32, v: f32) -> [f32; 3] {
    let h = h.rem_euclid(1.0) * 6.0;
    let i = h.floor();
    let f = h - i;
    let (p, q, t) = (v * (1.0 - s), v * (1.0 - s * f), v * (1.0 - s * (1.0 - f)));
    match i as i32 {
        0 => [v, t, p],
        1 => [q, v, p],
        2 => [p, v, t],
        3 => [p, q, v],
        4 => [t, p, v],
        _ => [v, p, q],
    }
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn px(c: [f32; 3]) -> Rgb<u8> {
    Rgb(c.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8))
}

/// Draws the picture for `job_id`'s `subject`.
pub fn render(job_id: &str, subject: Subject) -> RgbImage {
    let digest = Sha256::digest(job_id.as_bytes());
    let b = |i: usize| f32::from(digest[i]) / 255.0;
    let hue = b(0);
    let size = SIZE as f32;
    match subject {
        // A landscape per story scene: same palette for the whole story, the sun moves
        // along the sky and the hills shift, so scenes are told apart at a glance.
        Subject::Scene(n) => {
            let n = n as f32;
            let sky_top = hsv(hue, 0.55, 0.95);
            let sky_low = hsv(hue + 0.08, 0.25, 1.0);
            let hill = hsv(hue + 0.35, 0.55, 0.55);
            let hill_far = hsv(hue + 0.30, 0.35, 0.75);
            let sun = hsv(hue + 0.12 + 0.05 * n, 0.7, 1.0);
            let sun_x = size * (0.15 + ((n * 0.23) % 0.7));
            let sun_y = size * (0.18 + 0.06 * (n % 3.0));
            ImageBuffer::from_fn(SIZE, SIZE, |x, y| {
                let (xf, yf) = (x as f32, y as f32);
                let far = size * (0.55 + 0.06 * ((xf / size * 5.0 + n * 1.3 + b(1) * 6.0).sin()));
                let near = size * (0.70 + 0.08 * ((xf / size * 3.0 + n * 0.7 + b(2) * 6.0).cos()));
                let c = if yf > near {
                    mix(hill, [0.0; 3], (yf - near) / size)
                } else if yf > far {
                    hill_far
                } else if (xf - sun_x).hypot(yf - sun_y) < size * 0.09 {
                    sun
                } else {
                    mix(sky_top, sky_low, yf / far)
                };
                px(c)
            })
        }
        // A portrait silhouette for a character's reference sheet.
        Subject::Character(n) => {
            let bg = hsv(hue + 0.5 + 0.1 * n as f32, 0.2, 0.95);
            let body = hsv(hue + 0.17 * n as f32, 0.6, 0.6);
            let skin = hsv(0.07 + 0.02 * b(3), 0.35 + 0.3 * b(4), 0.85);
            ImageBuffer::from_fn(SIZE, SIZE, |x, y| {
                let (xf, yf) = (x as f32 / size, y as f32 / size);
                let head = (xf - 0.5).hypot((yf - 0.38) * 0.9) < 0.16;
                let torso = ((xf - 0.5) / 0.32).powi(2) + ((yf - 0.95) / 0.38).powi(2) < 1.0;
                px(if head {
                    skin
                } else if torso {
                    body
                } else {
                    mix(bg, hsv(hue + 0.5, 0.3, 0.8), yf)
                })
            })
        }
        // A processed image: a framed checker pattern, the classic "edited" look.
        Subject::Processed => {
            let a = hsv(hue, 0.5, 0.9);
            let c = hsv(hue + 0.5, 0.5, 0.5);
            let frame = hsv(hue + 0.25, 0.2, 0.3);
            let cell = 16 + (digest[5] % 4) as u32 * 8;
            ImageBuffer::from_fn(SIZE, SIZE, |x, y| {
                let border = x < 12 || y < 12 || x >= SIZE - 12 || y >= SIZE - 12;
                px(if border {
                    frame
                } else if ((x / cell) + (y / cell)).is_multiple_of(2) {
                    a
                } else {
                    mix(c, a, y as f32 / size * 0.5)
                })
            })
        }
        // A graphic: bold flat concentric rings, like a poster or logo.
        Subject::Graphic => {
            let colors = [
                hsv(hue, 0.8, 0.95),
                hsv(hue + 0.5, 0.8, 0.9),
                hsv(hue + 0.15, 0.3, 1.0),
            ];
            let (cx, cy) = (size * (0.3 + 0.4 * b(7)), size * (0.3 + 0.4 * b(8)));
            let ring = 14.0 + 18.0 * b(9);
            ImageBuffer::from_fn(SIZE, SIZE, |x, y| {
                let d = (x as f32 - cx).hypot(y as f32 - cy);
                px(colors[(d / ring) as usize % colors.len()])
            })
        }
        // A diagram: boxes on a light grid joined by lines.
        Subject::Diagram => {
            let ink = hsv(hue, 0.6, 0.35);
            let fill = hsv(hue, 0.25, 0.95);
            let boxes: Vec<(u32, u32)> = (0..4)
                .map(|i| (24 + (digest[10 + i] as u32 % 140), 24 + i as u32 * 56))
                .collect();
            ImageBuffer::from_fn(SIZE, SIZE, |x, y| {
                let inside = boxes
                    .iter()
                    .find(|&&(bx, by)| x >= bx && x < bx + 72 && y >= by && y < by + 36);
                if let Some(&(bx, by)) = inside {
                    let edge = x < bx + 2 || x >= bx + 70 || y < by + 2 || y >= by + 34;
                    return px(if edge { ink } else { fill });
                }
                // Vertical connectors from each box's centre down to the next box.
                let on_line = boxes.windows(2).any(|w| {
                    let (cx, top, bottom) = (w[0].0 + 36, w[0].1 + 36, w[1].1);
                    let (x0, x1) = (cx.min(w[1].0 + 36), cx.max(w[1].0 + 36));
                    (x.abs_diff(cx) <= 1 && y >= top && y < top + 10)
                        || (y.abs_diff(top + 10) <= 1 && x >= x0 && x <= x1)
                        || (x.abs_diff(w[1].0 + 36) <= 1 && y >= top + 10 && y < bottom)
                });
                let grid = x % 16 == 0 || y % 16 == 0;
                px(if on_line {
                    ink
                } else if grid {
                    [0.9, 0.92, 0.95]
                } else {
                    [1.0, 1.0, 1.0]
                })
            })
        }
        // A single image: a diagonal gradient with a few soft circles.
        Subject::Image => {
            let c0 = hsv(hue, 0.6, 0.95);
            let c1 = hsv(hue + 0.2 + 0.3 * b(6), 0.7, 0.6);
            let dots: Vec<(f32, f32, f32, [f32; 3])> = (0..4)
                .map(|i| {
                    (
                        size * b(8 + i * 3),
                        size * b(9 + i * 3),
                        size * (0.08 + 0.12 * b(10 + i * 3)),
                        hsv(hue + 0.1 * i as f32 + 0.5, 0.5, 1.0),
                    )
                })
                .collect();
            ImageBuffer::from_fn(SIZE, SIZE, |x, y| {
                let (xf, yf) = (x as f32, y as f32);
                let mut c = mix(c0, c1, (xf + yf) / (2.0 * size));
                for &(cx, cy, r, col) in &dots {
                    let d = (xf - cx).hypot(yf - cy);
                    if d < r {
                        c = mix(col, c, d / r * 0.6);
                    }
                }
                px(c)
            })
        }
    }
}

/// Encodes a picture. The encoders only fail on I/O errors, which a Vec never gives.
pub fn encode(img: &RgbImage, format: Format) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::new();
    match format {
        Format::Png => img.write_with_encoder(PngEncoder::new(&mut out))?,
        Format::Jpeg => img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85))?,
        Format::Webp => img.write_with_encoder(WebPEncoder::new_lossless(&mut out))?,
    }
    Ok(out)
}

/// A small bounded cache of encoded files, evicting the oldest entry first.
pub struct ImageCache {
    capacity: usize,
    inner: Mutex<(HashMap<String, Bytes>, VecDeque<String>)>,
}

impl ImageCache {
    pub fn new(capacity: usize) -> Self {
        ImageCache {
            capacity: capacity.max(1),
            inner: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    pub fn get(&self, key: &str) -> Option<Bytes> {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard.0.get(key).cloned()
    }

    pub fn put(&self, key: String, value: Bytes) {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (map, order) = &mut *guard;
        if map.insert(key.clone(), value).is_none() {
            order.push_back(key);
        }
        while map.len() > self.capacity {
            match order.pop_front() {
                Some(old) => {
                    map.remove(&old);
                }
                None => break,
            }
        }
    }

    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenes_differ_and_encode() {
        let a = render("job-1", Subject::Scene(1));
        let b = render("job-1", Subject::Scene(2));
        assert_ne!(a.as_raw(), b.as_raw());
        for f in [Format::Png, Format::Jpeg, Format::Webp] {
            let bytes = encode(&a, f).unwrap();
            let back = image::load_from_memory(&bytes).unwrap();
            assert_eq!((back.width(), back.height()), (SIZE, SIZE));
        }
    }

    #[test]
    fn cache_is_bounded() {
        let c = ImageCache::new(2);
        for i in 0..5 {
            c.put(format!("k{i}"), Bytes::from_static(b"x"));
        }
        assert_eq!(c.len(), 2);
        assert!(c.get("k4").is_some() && c.get("k0").is_none());
    }

    #[test]
    fn subjects_parse() {
        assert_eq!(Subject::parse("scene-3"), Some(Subject::Scene(3)));
        assert_eq!(Subject::parse("char-1"), Some(Subject::Character(1)));
        assert_eq!(Subject::parse("scene-0"), None);
        assert_eq!(Subject::parse("diagram"), Some(Subject::Diagram));
        assert_eq!(Subject::parse("../etc"), None);
    }
}
