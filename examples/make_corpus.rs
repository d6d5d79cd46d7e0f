//! Writes N varied synthetic forms for benchmarks: `make_corpus N DIR [SEED]`.
//!
//! Each form is a sample department (samples/) with another name, its figures
//! scaled, a varying number of goals, and every seventh form carrying a slip
//! (a 三公 line off, a score above its points, a missing indicator or an unknown
//! one). Deterministic for a seed; written in parallel.

use jixiao::model::*;
use jixiao::scheme::Scheme;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PLACES: [&str; 8] = [
    "南沙", "番禺", "海珠", "天河", "白云", "黄埔", "花都", "从化",
];
const KINDS: [&str; 10] = [
    "教育局",
    "卫生健康局",
    "民政局",
    "司法局",
    "财政局",
    "交通运输局",
    "水务局",
    "文化广电旅游局",
    "应急管理局",
    "科技局",
];

fn scale(a: &mut Amount, factor: Decimal) {
    if let Some(l) = a {
        l.value = jixiao::num::round2(l.value * factor);
    }
}

fn vary(base: &Form, i: usize, rng: &mut Rng) -> Form {
    let mut f = base.clone();
    f.name = format!(
        "广州市{}区第{}{}",
        PLACES[i % 8],
        i / 80 + 1,
        KINDS[(i / 8) % 10]
    );
    // Scale every amount by one factor so that the sums still add up.
    let factor = Decimal::new(50 + rng.below(200) as i64, 2);
    for row in &mut f.funds {
        scale(&mut row.initial, factor);
        scale(&mut row.budget, factor);
        scale(&mut row.spent, factor);
    }
    for line in f.sangong.iter_mut().chain([&mut f.procurement]) {
        scale(&mut line.budget, factor);
        scale(&mut line.spent, factor);
    }
    scale(&mut f.carryover, factor);
    let keep = 2 + rng.below(f.goals.len() as u64 - 1) as usize;
    let mut goals = f.goals.clone();
    while goals.len() < keep + 6 && rng.below(2) == 0 {
        let mut g = goals[rng.below(goals.len() as u64) as usize].clone();
        g.name = format!("{}（{}）", g.name, goals.len());
        goals.push(g);
    }
    goals.truncate(keep.max(3));
    f.goals = goals;
    match i % 7 {
        1 => scale(&mut f.sangong[1].budget, Decimal::new(11, 1)),
        3 => {
            if let Some(s) = &mut f.indicators[3].self_score {
                s.value += Decimal::ONE;
            }
        }
        5 => {
            f.indicators.remove(4);
        }
        _ => {}
    }
    f
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .ok_or("usage: make_corpus N DIR [SEED]")?
        .parse()?;
    let dir = std::path::PathBuf::from(args.next().ok_or("usage: make_corpus N DIR [SEED]")?);
    let seed: u64 = args.next().map_or(Ok(7), |s| s.parse())?;
    std::fs::create_dir_all(&dir)?;
    let scheme = Scheme::builtin();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut bases = Vec::new();
    for f in ["000.xlsx", "001.xlsx", "002.xlsx", "003.xlsx", "004.xlsx"] {
        let bytes = std::fs::read(samples.join(f))?;
        bases.push(jixiao::read::read_form(f, &bytes, "xlsx", &scheme)?);
    }
    (0..n)
        .into_par_iter()
        .try_for_each(|i| -> Result<(), String> {
            let mut rng = Rng(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
            let form = vary(&bases[i % bases.len()], i, &mut rng);
            let bytes =
                jixiao::write::form::canonical_bytes(&form, &scheme).map_err(|e| e.to_string())?;
            std::fs::write(dir.join(format!("{i:06}.xlsx")), bytes).map_err(|e| e.to_string())
        })?;
    println!("{n} forms in {}", dir.display());
    Ok(())
}
