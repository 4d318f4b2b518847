//! The floor `scripts/bench` measures `thesis score` against: a plain csv-crate pass, on one thread,
//! that reads every row of a companies file and writes a file with the 23 columns of the synthetic
//! thesis's `scores.csv`, filled from the row without any scoring. Its numbers are written as
//! fixed-point digits by hand, not through `format!`, so that the floor is the cost of reading and
//! writing the bytes and nothing else.
//!
//! usage: cargo run --release --example `csv_floor` -- COMPANIES `OUT_CSV`

use std::io::Write;

const NUMBER_COLUMNS: u64 = 13;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: csv_floor COMPANIES OUT_CSV".into());
    };
    let mut reader = csv::Reader::from_path(input)?;
    let headers = reader.byte_headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header == name.as_bytes())
            .ok_or(format!("no column {name}"))
    };
    let (id, name, category) = (column("id")?, column("name")?, column("category")?);
    let (funding, product_type) = (column("funding_musd")?, column("product_type")?);
    let file = std::io::BufWriter::new(std::fs::File::create(output)?);
    let mut writer = csv::Writer::from_writer(file);
    let mut header = vec!["rank", "id", "name", "category"];
    header.extend(["number"; NUMBER_COLUMNS as usize]);
    header.extend([
        "rules_a",
        "rules_b",
        "rules_c",
        "quadrant",
        "terms",
        "insufficient",
    ]);
    writer.write_record(&header)?;
    let mut record = csv::ByteRecord::new();
    let mut row = 0u64;
    let mut digits = Digits::default();
    while reader.read_byte_record(&mut record)? {
        row += 1;
        let value: f64 = std::str::from_utf8(&record[funding])?
            .parse()
            .unwrap_or(0.0);
        writer.write_field(digits.integer(row))?;
        for field in [id, name, category] {
            writer.write_field(&record[field])?;
        }
        let micro = (value * 1e6) as u64;
        for offset in 0..NUMBER_COLUMNS {
            writer.write_field(digits.fixed6(micro + offset))?;
        }
        for _ in 0..3 {
            writer.write_field(&record[product_type])?;
        }
        writer.write_field(&record[category])?;
        writer.write_record([b"", b""])?;
    }
    writer.into_inner()?.flush()?;
    Ok(())
}

/// Decimal digits written right to left into a fixed buffer.
#[derive(Default)]
struct Digits {
    buffer: [u8; 32],
}

impl Digits {
    fn integer(&mut self, value: u64) -> &[u8] {
        let start = self.write_from(32, value, 1);
        &self.buffer[start..]
    }

    /// `micro` millionths as `units.dddddd`.
    fn fixed6(&mut self, micro: u64) -> &[u8] {
        let fraction = self.write_from(32, micro % 1_000_000, 6);
        self.buffer[fraction - 1] = b'.';
        let start = self.write_from(fraction - 1, micro / 1_000_000, 1);
        &self.buffer[start..]
    }

    /// Writes `value` ending before `end`, with at least `width` digits; returns where it starts.
    fn write_from(&mut self, end: usize, mut value: u64, width: usize) -> usize {
        let mut start = end;
        while value > 0 || end - start < width {
            start -= 1;
            self.buffer[start] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        start
    }
}
