//! Words for the demo's story prompts and character names.

use crate::util::Rng;

pub(super) const NAMES: &[&str] = &[
    "Aria", "Milo", "Juno", "Theo", "Nora", "Felix", "Ines", "Kai", "Luca", "Mara", "Oskar", "Pia",
    "Rafa", "Sana", "Tilda", "Wren",
];

pub(super) const PLACES: &[&str] = &[
    "the ancient library",
    "a lighthouse on the cliffs",
    "the night market",
    "an overgrown greenhouse",
    "the harbour at dawn",
    "a snowed-in mountain hut",
    "the old observatory",
    "a floating island",
    "the clockmaker's workshop",
    "a desert railway station",
    "the rooftop garden",
    "a forest of paper lanterns",
];

const OPENINGS: &[&str] = &[
    "arrives at",
    "wanders into",
    "wakes up in",
    "sneaks into",
    "returns to",
    "discovers",
];

const MIDDLES: &[&str] = &[
    "finds a glowing map",
    "meets a talking fox",
    "opens a locked chest",
    "follows a trail of blue footprints",
    "repairs a broken music box",
    "reads a letter that was never sent",
    "chases a runaway kite",
    "trades a secret for a lantern",
    "hears a song coming from the walls",
    "spots a door that was not there before",
];

const ENDINGS: &[&str] = &[
    "and everyone watches the sunrise together",
    "and the map leads back home",
    "and the lanterns rise into the sky",
    "and the door finally closes behind them",
    "and the music box plays one last tune",
];

const STYLES: &[&str] = &[
    "watercolour",
    "soft pastel light",
    "ink and wash",
    "cinematic lighting",
    "storybook illustration",
    "muted autumn palette",
];

/// A scene prompt that reads like something a person typed.
pub(super) fn scene_prompt(rng: &mut Rng, cast: &[&str], place: &str, i: u32) -> String {
    let who = cast[i as usize % cast.len()];
    let style = rng.pick(STYLES);
    let text = match i {
        0 => format!("{who} {} {place}", rng.pick(OPENINGS)),
        _ if rng.chance(1, 4) => {
            let other = cast[(i as usize + 1) % cast.len()];
            if other == who {
                format!("{who} {} {}", rng.pick(MIDDLES), rng.pick(ENDINGS))
            } else {
                format!(
                    "{who} and {other} {}",
                    rng.pick(ENDINGS).trim_start_matches("and ")
                )
            }
        }
        _ => format!("{who} {} in {place}", rng.pick(MIDDLES)),
    };
    format!("{text}, {style}.")
}
