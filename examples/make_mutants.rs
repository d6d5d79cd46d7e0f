//! Writes the fuzz test's mutants into a folder, to run jixiao on them by hand or
//! to reproduce a culprit: `make_mutants DIR` writes the fast set of
//! `tests/fuzz` (every hostile case once, 240 damaged seeds); `make_mutants DIR N
//! SEED` writes N mutants for SEED, as one batch of the long set does
//! (`bench/fuzz.sh`; batch b of seed s uses SEED = s × 1000003 + b and numbers its
//! files from 500 × b). Prints each family's count and the time taken.

#[path = "../tests/fuzz/gen/mod.rs"]
mod gen;

use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: make_mutants DIR [N SEED [FIRST]]");
        std::process::exit(2);
    };
    let number = |i: usize, default: u64| {
        args.get(i).map_or(default, |s| {
            s.parse().unwrap_or_else(|_| {
                eprintln!("not a number: {s}");
                std::process::exit(2)
            })
        })
    };
    let started = std::time::Instant::now();
    let seeds = gen::seeds(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mutants = if args.len() >= 3 {
        gen::generate(
            &seeds,
            number(2, 1),
            number(3, 0) as usize,
            number(1, 0) as usize,
        )
    } else {
        gen::fast_set(&seeds, 240)
    };
    std::fs::create_dir_all(dir).expect("create the folder");
    gen::write(Path::new(dir), &mutants);
    let mut families: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for m in &mutants {
        let e = families.entry(m.family.name()).or_default();
        e.0 += 1;
        e.1 += m.bytes.len();
    }
    for (family, (count, bytes)) in &families {
        println!("{family:<18} {count:>6} files {:>9} KB", bytes / 1024);
    }
    println!(
        "{} mutants of {} seeds in {dir} ({:.1} s)",
        mutants.len(),
        seeds.len(),
        started.elapsed().as_secs_f64()
    );
}
