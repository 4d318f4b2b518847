//! Charts: one renderer per chart, each over plain data built from the score table. A chart is drawn
//! once, as SVG through plotters, and that SVG is rasterized to PNG by resvg with the same embedded
//! font, so the two files match and neither depends on the fonts of the machine.

mod axis;
mod backtest;
mod bars;
mod density;
mod fit;
mod font;
mod grid;
mod layout;
mod momentum;
mod quadrant;
mod ranking;
mod shapes;
mod stability;

pub use backtest::{BacktestChart, LevelRow, OutcomePoint};
pub use fit::FitChart;
pub use font::Weight;
pub use layout::{Circle, LabelRequest, Obstacles, Placement, Rect, place_labels};
pub use momentum::MomentumChart;
use momentum::MomentumRows;
use quadrant::QuadrantRows;
pub use quadrant::{MAX_POINTS, QuadrantChart, QuadrantLayout};
pub use ranking::RankingChart;
use ranking::RankingRows;
pub use stability::{RankInterval, StabilityChart};

use super::{ChartRow, ChartRows, Exporter};
use crate::thesis::Thesis;
use plotters::coord::Shift;
use plotters::element::{PathElement, Text};
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontTransform, RGBColor, TextStyle};
use std::io::Write;

/// The canvas every chart draws on.
pub type Canvas<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A drawing failure, as text.
pub type DrawResult = std::result::Result<(), String>;

/// One chart over its own plain data.
pub trait Chart {
    /// The file stem: `quadrant` gives `quadrant.svg` and `quadrant.png`.
    fn name(&self) -> &str;
    /// The SVG `<title>`.
    fn title(&self) -> String;
    /// The SVG `<desc>`: what the chart shows, in a sentence or two.
    fn description(&self) -> String;
    fn draw(&self, canvas: &Canvas, size: (u32, u32)) -> DrawResult;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Png,
    Svg,
}

impl ChartFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    pub width: u32,
    pub height: u32,
    /// Replaces the thesis name at the top of every chart.
    pub title: Option<String>,
    /// With more companies than this, only the top `label_top` by rank and the `label` ids are
    /// labelled; the rest are drawn as points.
    pub label_top: usize,
    /// Company ids always labelled.
    pub label: Vec<String>,
}

impl Default for ChartOptions {
    fn default() -> ChartOptions {
        ChartOptions {
            width: 1200,
            height: 900,
            title: None,
            label_top: 40,
            label: Vec::new(),
        }
    }
}

impl ChartOptions {
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// The heading of every chart.
    pub fn heading(&self, thesis: &Thesis) -> String {
        self.title.clone().unwrap_or_else(|| thesis.name.clone())
    }
}

/// The charts a thesis gives: the quadrant and the category momentum need their `[quadrant]` keys.
/// They are made in one pass over the rows.
pub fn charts_for(
    thesis: &Thesis,
    rows: &dyn ChartRows,
    options: &ChartOptions,
) -> Vec<Box<dyn Chart>> {
    let mut makers: Vec<Box<dyn RowsChart + '_>> = Vec::new();
    if let Some(quadrant) = QuadrantRows::new(thesis, options) {
        makers.push(Box::new(quadrant));
    }
    makers.push(Box::new(RankingRows::new(thesis, options)));
    if let Some(momentum) = MomentumRows::new(thesis, options) {
        makers.push(Box::new(momentum));
    }
    rows.each_row(0..rows.row_count(), &mut |row| {
        for maker in &mut makers {
            maker.add(row);
        }
    });
    makers.into_iter().map(RowsChart::finish).collect()
}

/// A chart made from the ranked rows: handed every row, best first, then finished.
trait RowsChart {
    fn add(&mut self, row: &ChartRow<'_>);
    fn finish(self: Box<Self>) -> Box<dyn Chart>;
}

/// `maker` handed every row of `rows`, in one pass of its own.
fn fed<M: RowsChart>(mut maker: M, rows: &dyn ChartRows) -> M {
    rows.each_row(0..rows.row_count(), &mut |row| maker.add(row));
    maker
}

/// A chart drawn: its SVG text and, when asked for, the PNG rasterized from it.
#[derive(Debug, Clone)]
pub struct RenderedChart {
    pub name: String,
    pub title: String,
    pub description: String,
    pub svg: String,
    pub png: Option<Vec<u8>>,
}

/// Draws a chart as SVG, with its `<title>` and `<desc>`, and rasterizes it if `png` is set.
pub fn render(chart: &dyn Chart, size: (u32, u32), png: bool) -> crate::Result<RenderedChart> {
    let failed = |message: String| crate::Error::Chart {
        chart: chart.name().to_string(),
        message,
    };
    font::register();
    let mut svg = String::new();
    {
        let canvas: Canvas = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        canvas
            .fill(&WHITE)
            .map_err(|error| failed(error.to_string()))?;
        chart.draw(&canvas, size).map_err(failed)?;
        canvas
            .present()
            .map_err(|error| failed(error.to_string()))?;
    }
    let title = chart.title();
    let description = chart.description();
    let svg = with_title_and_description(&svg, &title, &description);
    let png = match png {
        true => Some(rasterize(&svg).map_err(failed)?),
        false => None,
    };
    Ok(RenderedChart {
        name: chart.name().to_string(),
        title,
        description,
        svg,
        png,
    })
}

fn with_title_and_description(svg: &str, title: &str, description: &str) -> String {
    let opening_end = svg.find(">\n").map_or(svg.len(), |end| end + 2);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}<title>{}</title>\n<desc>{}</desc>\n{}",
        &svg[..opening_end],
        escape_xml(title),
        escape_xml(description),
        &svg[opening_end..]
    )
}

pub fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Rasterizes an SVG with the embedded font on a white background, as an RGB PNG.
pub fn rasterize(svg: &str) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let options = usvg::Options {
        fontdb: font::database(),
        font_family: font::FAMILY.to_string(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|error| error.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the chart has no area".to_string())?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    // On the opaque background every pixel is opaque, so dropping alpha loses nothing.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
        .collect();
    encode_png(&rgb, size.width(), size.height()).map_err(|error| error.to_string())
}

/// PNG-encodes RGB pixels with fdeflate, a pure-Rust compressor of its own, so the bytes do not
/// depend on which flate2 back end other crates switch on (calamine and `rust_xlsxwriter` enable
/// zlib-rs).
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(bytes)
}

/// One chart file, in one format.
pub struct ChartFile<'a> {
    pub chart: &'a RenderedChart,
    pub format: ChartFormat,
}

impl Exporter for ChartFile<'_> {
    fn file_name(&self) -> String {
        format!("{}.{}", self.chart.name, self.format.extension())
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        match self.format {
            ChartFormat::Svg => out.write_all(self.chart.svg.as_bytes()),
            ChartFormat::Png => match &self.chart.png {
                Some(png) => out.write_all(png),
                None => Err(std::io::Error::other("the PNG was not rendered")),
            },
        }
    }
}

pub const WHITE: RGBColor = RGBColor(255, 255, 255);
pub const INK: RGBColor = RGBColor(34, 34, 34);
pub const MUTED: RGBColor = RGBColor(110, 110, 110);
pub const RULE: RGBColor = RGBColor(200, 200, 200);
pub const GRID: RGBColor = RGBColor(236, 236, 236);
pub const OTHER: RGBColor = RGBColor(153, 153, 153);

/// The Okabe–Ito palette, safe for the common forms of colour blindness.
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(240, 228, 66),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(0, 0, 0),
];

/// Colours for a list of groups in order: Okabe–Ito while it lasts; with more than eight groups the
/// first seven keep their colour and the rest share grey.
pub fn group_colors(count: usize) -> Vec<RGBColor> {
    (0..count)
        .map(|index| {
            if count <= OKABE_ITO.len() || index < OKABE_ITO.len() - 1 {
                OKABE_ITO[index]
            } else {
                OTHER
            }
        })
        .collect()
}

/// Series colours for the lenses of a stacked bar: Okabe–Ito, strongest first.
pub fn series_colors(count: usize) -> Vec<RGBColor> {
    const ORDER: [usize; 8] = [4, 0, 2, 6, 1, 5, 3, 7];
    (0..count)
        .map(|index| OKABE_ITO[ORDER[index % ORDER.len()]])
        .collect()
}

/// A field name as words: `named_startups_count` → `named startups count`.
pub fn humanize(field: &str) -> String {
    field.replace('_', " ")
}

/// Where a piece of text hangs from the point it is drawn at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// The point is the text's top-left corner.
    Left,
    /// The point is the middle of the text's top edge.
    Center,
    /// The point is the text's top-right corner.
    Right,
}

/// A type style: size in pixels to the em, weight and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Type {
    pub size: f64,
    pub weight: Weight,
    pub color: RGBColor,
}

impl Type {
    pub fn width(&self, content: &str) -> f64 {
        font::text_width(content, self.size, self.weight)
    }

    /// `content` shortened with an ellipsis to fit `width`.
    pub fn fit(&self, content: &str, width: f64) -> String {
        font::fit(content, self.size, self.weight, width)
    }
}

pub const HEADING: Type = Type {
    size: 20.0,
    weight: Weight::Bold,
    color: INK,
};
pub const SUBTITLE: Type = Type {
    size: 13.0,
    weight: Weight::Regular,
    color: MUTED,
};
pub const SECTION: Type = Type {
    size: 13.0,
    weight: Weight::Bold,
    color: INK,
};
pub const BODY: Type = Type {
    size: 12.0,
    weight: Weight::Regular,
    color: INK,
};
pub const BODY_BOLD: Type = Type {
    weight: Weight::Bold,
    ..BODY
};
pub const NOTE: Type = Type {
    color: MUTED,
    ..BODY
};
pub const SMALL: Type = Type { size: 11.0, ..NOTE };
pub const CORNER: Type = Type {
    size: 14.0,
    weight: Weight::Bold,
    color: MUTED,
};

/// Draws one line of text at `(x, y)`, aligned as `align` says.
pub fn text(
    canvas: &Canvas,
    content: &str,
    at: (f64, f64),
    kind: Type,
    align: Align,
) -> DrawResult {
    let style =
        font::style(kind.size, kind.weight, kind.color).pos(Pos::new(horizontal(align), VPos::Top));
    draw_text(canvas, content, at, style)
}

/// Draws text reading upwards (turned a quarter left), centred across `x`; `align` says where along
/// the text `y` falls: `Left` at its start (the bottom), `Right` at its end (the top).
pub fn text_upwards(
    canvas: &Canvas,
    content: &str,
    at: (f64, f64),
    kind: Type,
    align: Align,
) -> DrawResult {
    let style = font::style(kind.size, kind.weight, kind.color)
        .pos(Pos::new(horizontal(align), VPos::Center))
        .transform(FontTransform::Rotate270);
    draw_text(canvas, content, at, style)
}

fn horizontal(align: Align) -> HPos {
    match align {
        Align::Left => HPos::Left,
        Align::Center => HPos::Center,
        Align::Right => HPos::Right,
    }
}

/// The heading and the subtitle at the top of every chart.
pub fn header(canvas: &Canvas, heading: &str, subtitle: &str) -> DrawResult {
    text(canvas, heading, (PAD, PAD), HEADING, Align::Left)?;
    text(canvas, subtitle, (PAD, PAD + 28.0), SUBTITLE, Align::Left)
}

/// The margin around every chart.
pub const PAD: f64 = 16.0;

/// A straight line one pixel wide.
pub fn line(canvas: &Canvas, from: (f64, f64), to: (f64, f64), color: RGBColor) -> DrawResult {
    let path = vec![pixel(from), pixel(to)];
    draw(canvas, &PathElement::new(path, color.stroke_width(1)))
}

/// A dashed line: 6 pixels drawn, 4 left out.
pub fn dashed(canvas: &Canvas, from: (f64, f64), to: (f64, f64)) -> DrawResult {
    let length = ((to.0 - from.0).powi(2) + (to.1 - from.1).powi(2)).sqrt();
    let at = |distance: f64| {
        let t = distance / length;
        (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)
    };
    for dash in 0..(length / 10.0).floor() as usize {
        let start = dash as f64 * 10.0;
        line(canvas, at(start), at(start + 6.0), MUTED)?;
    }
    Ok(())
}

/// A point in whole pixels, as the SVG backend writes them.
pub fn pixel((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// Draws any plotters element, the error as text.
pub fn draw<'a, E>(canvas: &Canvas<'a>, element: &E) -> DrawResult
where
    for<'b> &'b E: plotters::element::PointCollection<'b, (i32, i32)>,
    E: plotters::element::Drawable<SVGBackend<'a>>,
{
    canvas.draw(element).map_err(|error| error.to_string())
}

fn draw_text(canvas: &Canvas, content: &str, (x, y): (f64, f64), style: TextStyle) -> DrawResult {
    canvas
        .draw(&Text::new(
            content.to_string(),
            (x.round() as i32, y.round() as i32),
            style,
        ))
        .map_err(|error| error.to_string())
}
