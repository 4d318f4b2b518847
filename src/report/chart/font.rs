//! The one font every chart uses: `DejaVu` Sans, embedded in the binary by the `dejavu` crate
//! (Bitstream Vera licence; see `LICENSES.md`). It is registered with plotters, measured here for
//! layout, and loaded into resvg's font database for PNGs. No system font is ever looked up.

use ab_glyph::{Font, FontRef};
use plotters::style::{FontStyle, IntoFont, RGBColor, TextStyle};
use resvg::usvg::fontdb;
use std::sync::{Arc, OnceLock};

/// The family name the SVG files ask for; resvg maps it to the embedded font.
pub(super) const FAMILY: &str = "sans-serif";
const FAMILY_NAME: &str = "DejaVu Sans";

/// plotters writes an SVG `font-size` of its size divided by this factor.
const PLOTTERS_SIZE_FACTOR: f64 = 1.24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

fn faces() -> &'static [FontRef<'static>; 2] {
    static FACES: OnceLock<[FontRef<'static>; 2]> = OnceLock::new();
    FACES.get_or_init(|| {
        let parse = |bytes: &'static [u8]| {
            FontRef::try_from_slice(bytes).expect("the embedded DejaVu Sans font parses")
        };
        [parse(dejavu::sans::regular()), parse(dejavu::sans::bold())]
    })
}

/// Registers the embedded font with plotters (once per process).
pub(super) fn register() {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        for (style, bytes) in [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
        ] {
            // Cannot fail for the embedded font; if it did, drawing would report the missing font.
            let _ = plotters::style::register_font(FAMILY, style, bytes);
        }
    });
}

/// The width in pixels of `text` set at `size` pixels to the em, with kerning, as resvg sets it.
pub(super) fn text_width(text: &str, size: f64, weight: Weight) -> f64 {
    let face = &faces()[weight as usize];
    let mut width = 0.0f32;
    let mut previous = None;
    for character in text.chars() {
        width = advance(face, width, previous, character);
        previous = Some(face.glyph_id(character));
    }
    pixels(face, width, size)
}

/// `width` in font units, after `character` is set following the glyph `previous`: the character's
/// advance, then the kerning of the pair, added in that order so that every caller sums alike.
fn advance(
    face: &FontRef,
    width: f32,
    previous: Option<ab_glyph::GlyphId>,
    character: char,
) -> f32 {
    let glyph = face.glyph_id(character);
    let mut width = width + face.h_advance_unscaled(glyph);
    if let Some(before) = previous {
        width += face.kern_unscaled(before, glyph);
    }
    width
}

fn pixels(face: &FontRef, units: f32, size: f64) -> f64 {
    let units_per_em = f64::from(face.units_per_em().unwrap_or(2048.0));
    f64::from(units) * size / units_per_em
}

/// `text` shortened with an ellipsis to fit `width`: the longest prefix, without the spaces it
/// ends with, that fits with the ellipsis after it. Each prefix is measured from the width of the
/// one before, so a label of any length is fitted in one pass over it.
pub(super) fn fit(text: &str, size: f64, weight: Weight, width: f64) -> String {
    if text_width(text, size, weight) <= width {
        return text.to_string();
    }
    let face = &faces()[weight as usize];
    // For each prefix of k characters: its byte length, its width in font units and its last
    // glyph, once the spaces it ends with are dropped.
    let mut trimmed = vec![(0, 0.0f32, None)];
    let mut sum = 0.0f32;
    let mut previous = None;
    for (start, character) in text.char_indices() {
        sum = advance(face, sum, previous, character);
        previous = Some(face.glyph_id(character));
        let end = start + character.len_utf8();
        let last = *trimmed.last().unwrap_or(&(0, 0.0, None));
        trimmed.push(match character.is_whitespace() {
            true => last,
            false => (end, sum, previous),
        });
    }
    let characters = trimmed.len() - 1;
    for &(bytes, units, last) in trimmed[..characters].iter().rev() {
        if pixels(face, advance(face, units, last, '…'), size) <= width {
            return format!("{}…", &text[..bytes]);
        }
    }
    "…".to_string()
}

/// A plotters text style whose SVG `font-size` is `size` pixels.
pub(super) fn style(size: f64, weight: Weight, color: RGBColor) -> TextStyle<'static> {
    let plotters_size = size * PLOTTERS_SIZE_FACTOR;
    let font = match weight {
        Weight::Regular => (FAMILY, plotters_size).into_font(),
        Weight::Bold => (FAMILY, plotters_size, FontStyle::Bold).into_font(),
    };
    font.color(&color)
}

/// A font database holding only the embedded font, answering for the generic families too.
pub(super) fn database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = fontdb::Database::new();
            database.load_font_data(dejavu::sans::regular().to_vec());
            database.load_font_data(dejavu::sans::bold().to_vec());
            database.set_sans_serif_family(FAMILY_NAME);
            database.set_serif_family(FAMILY_NAME);
            database.set_monospace_family(FAMILY_NAME);
            Arc::new(database)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size_and_weight() {
        let regular = text_width("Docker", 12.0, Weight::Regular);
        assert!(regular > 30.0 && regular < 50.0, "{regular}");
        assert!((text_width("Docker", 24.0, Weight::Regular) - 2.0 * regular).abs() < 1e-9);
        assert!(text_width("Docker", 12.0, Weight::Bold) > regular);
        assert_eq!(text_width("", 12.0, Weight::Regular), 0.0);
    }

    #[test]
    fn fit_shortens_with_an_ellipsis_only_when_needed() {
        assert_eq!(fit("Docker", 12.0, Weight::Regular, 100.0), "Docker");
        let short = fit(
            "Container management platforms",
            12.0,
            Weight::Regular,
            80.0,
        );
        assert!(short.ends_with('…'), "{short}");
        assert!(text_width(&short, 12.0, Weight::Regular) <= 80.0);
    }

    /// The fitting the one-pass `fit` replaced: drop a character, measure again.
    fn fit_by_dropping(text: &str, size: f64, weight: Weight, width: f64) -> String {
        if text_width(text, size, weight) <= width {
            return text.to_string();
        }
        let mut shortened: String = text.to_string();
        while !shortened.is_empty() {
            shortened.pop();
            let candidate = format!("{}…", shortened.trim_end());
            if text_width(&candidate, size, weight) <= width {
                return candidate;
            }
        }
        "…".to_string()
    }

    proptest::proptest! {
        #[test]
        fn fit_agrees_with_dropping_on_any_text(
            text in "[ AVWaoyT.,\u{a0}é中—-]{0,40}",
            width in 0.0f64..300.0,
            bold in proptest::bool::ANY,
        ) {
            let weight = if bold { Weight::Bold } else { Weight::Regular };
            proptest::prop_assert_eq!(
                fit(&text, 12.0, weight, width),
                fit_by_dropping(&text, 12.0, weight, width)
            );
        }
    }

    #[test]
    fn fit_in_one_pass_agrees_with_dropping_a_character_at_a_time() {
        let texts = [
            "Container management platforms",
            "AVAV To Ty Wa yo",
            "Docker   Swarm    and   Compose",
            "Mesosphere Datacenter Operating System",
            "Ünïcödé — ñames, 中文 and ελληνικά",
            "a\u{a0}b\u{2003}c d    ",
            "W",
            "",
        ];
        for text in texts {
            for width in [0.0, 5.0, 11.0, 20.0, 37.5, 60.0, 80.0, 120.0, 400.0] {
                for weight in [Weight::Regular, Weight::Bold] {
                    assert_eq!(
                        fit(text, 12.0, weight, width),
                        fit_by_dropping(text, 12.0, weight, width),
                        "{text:?} in {width}"
                    );
                }
            }
        }
    }
}
