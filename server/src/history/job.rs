//! A job as the API sends it: a [`Spec`] at an instant, with its id, prompts, names and
//! signed result links (all drawn in a fixed order, so they stay put while the status
//! changes).

use super::prompts::{scene_prompt, NAMES, PLACES};
use super::spec::{Kind, Phase, Spec};
use super::{Demo, LINK_TTL, STREAM_DETAIL};
use crate::model::{
    Character, FormatObject, FormatRef, Formats, ImageResult, Job, JobError, JobResult,
    ProcessingResult, Scene, StoryResult,
};
use crate::util::{eur, hex, rfc3339, Rng};
use sha2::{Digest, Sha256};

impl Demo {
    fn media_url(&self, job_id: &str, file: &str, expires: i64) -> String {
        let path = format!("/media/{job_id}/{file}");
        let sig = self.signer.sign(&path, expires);
        format!("{}{path}?expires={expires}&sig={sig}", self.base)
    }

    /// A job's id, and the generator that draws the rest of its details after it.
    fn id_and_details(&self, spec: &Spec) -> (String, Rng) {
        let mut d = Rng::for_item(self.seed, STREAM_DETAIL + spec.stream, spec.index);
        (d.uuid(), d)
    }

    pub(super) fn job_id(&self, spec: &Spec) -> String {
        self.id_and_details(spec).0
    }

    pub(super) fn materialize(&self, spec: &Spec, now: i64) -> Job {
        // Everything textual is drawn up front and in a fixed order, so a job keeps its
        // id, prompts and names while its status changes.
        let (job_id, mut d) = self.id_and_details(spec);
        let style = match d.next_u64() % 20 {
            0..=11 => FormatStyle::Objects,
            12..=16 => FormatStyle::Strings,
            _ => FormatStyle::Mixed,
        };
        let has_jpeg = d.chance(4, 5);
        let has_webp = d.chance(4, 5);
        let cast: Vec<&str> = {
            let n = d.range(1, 3) as usize;
            let mut names: Vec<&str> = Vec::new();
            while names.len() < n {
                let name = *d.pick(NAMES);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names
        };
        let place = *d.pick(PLACES);
        let prompts: Vec<String> = (0..spec.scenes_total)
            .map(|i| scene_prompt(&mut d, &cast, place, i))
            .collect();
        let processed_jpeg = d.chance(3, 10);
        let sizes = [
            d.range(180_000, 460_000),
            d.range(60_000, 170_000),
            d.range(40_000, 130_000),
        ];

        let phase = spec.phase(now);
        let (status, started_at, completed_at, scenes_completed) = match phase {
            Phase::Pending => ("pending", None, None, 0),
            Phase::Processing {
                started,
                scenes_done,
            } => ("processing", Some(started), None, scenes_done),
            Phase::Completed { started, finished } => (
                "completed",
                Some(started),
                Some(finished),
                spec.scenes_total,
            ),
            Phase::Failed {
                started,
                finished,
                scenes_done,
            } => ("failed", started, Some(finished), scenes_done),
        };
        let error = match phase {
            Phase::Failed { .. } => spec.failure.map(|(code, _)| JobError {
                code: code.code().to_string(),
                message: code.message().to_string(),
            }),
            _ => None,
        };
        let result = match phase {
            Phase::Completed { finished, .. } => {
                let expires = finished + LINK_TTL;
                let expires_at = rfc3339(expires);
                let format_set = |stem: &str, as_objects: bool| -> Formats {
                    let entry = |ext: &str, format: &str, size: i64| {
                        let file = format!("{stem}.{ext}");
                        let url = self.media_url(&job_id, &file, expires);
                        if as_objects {
                            let digest = Sha256::digest(format!("{job_id}/{file}").as_bytes());
                            // Each file gets its own plausible size around the job's.
                            let jitter = i64::from(u16::from_be_bytes([digest[0], digest[1]]));
                            FormatRef::Object(FormatObject {
                                url,
                                format: format.to_string(),
                                size_bytes: Some((size + jitter % (size / 5)) as u64),
                                hash: Some(hex(&digest)),
                                expires_at: Some(expires_at.clone()),
                            })
                        } else {
                            FormatRef::Url(url)
                        }
                    };
                    Formats {
                        png: Some(entry("png", "png", sizes[0])),
                        jpeg: has_jpeg.then(|| entry("jpg", "jpeg", sizes[1])),
                        webp: has_webp.then(|| entry("webp", "webp", sizes[2])),
                    }
                };
                let balance_eur = eur(spec.balance_after);
                let cost_eur = eur(spec.cost);
                Some(match spec.kind {
                    Kind::Story => JobResult::Story(StoryResult {
                        scenes: prompts
                            .iter()
                            .enumerate()
                            .map(|(i, prompt)| Scene {
                                prompt: prompt.clone(),
                                images: format_set(
                                    &format!("scene-{}", i + 1),
                                    match style {
                                        FormatStyle::Objects => true,
                                        FormatStyle::Strings => false,
                                        FormatStyle::Mixed => i % 2 == 1,
                                    },
                                ),
                            })
                            .collect(),
                        characters: cast
                            .iter()
                            .enumerate()
                            .map(|(i, name)| Character {
                                name: name.to_string(),
                                reference_url: self.media_url(
                                    &job_id,
                                    &format!("char-{}.png", i + 1),
                                    expires,
                                ),
                                expires_at: expires_at.clone(),
                            })
                            .collect(),
                        cost_eur,
                        balance_eur,
                    }),
                    k if k.is_processing() => {
                        let (file, content_type) = if processed_jpeg {
                            ("result.jpg", "image/jpeg")
                        } else {
                            ("result.png", "image/png")
                        };
                        JobResult::Processing(ProcessingResult {
                            operation: k.operation().to_string(),
                            image_url: self.media_url(&job_id, file, expires),
                            content_type: content_type.to_string(),
                            expires_at: expires_at.clone(),
                        })
                    }
                    _ => JobResult::Image(Box::new(ImageResult {
                        id: job_id.clone(),
                        ai_generated: true,
                        formats: format_set(
                            match spec.kind {
                                Kind::Graphic => "graphic",
                                Kind::Diagram => "diagram",
                                _ => "image",
                            },
                            style != FormatStyle::Strings,
                        ),
                        cost_eur,
                        balance_eur,
                        image_hash: sha256_hex(&format!("{job_id}/image")),
                    })),
                })
            }
            _ => None,
        };
        Job {
            job_id,
            operation: spec
                .show_operation
                .then(|| spec.kind.operation().to_string()),
            status: status.to_string(),
            created_at: rfc3339(spec.created),
            started_at: started_at.map(rfc3339),
            completed_at: completed_at.map(rfc3339),
            scenes_completed,
            scenes_total: spec.scenes_total,
            error,
            result,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormatStyle {
    Objects,
    Strings,
    Mixed,
}

fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}
