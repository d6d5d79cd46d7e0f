//! Print what jixiao reads from report files: paragraphs' claims and the slips.
//! `cargo run --example report_claims -- ../shared/seeds/*.txt`
fn main() {
    let grades = jixiao::scheme::Scheme::builtin().grades;
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let ext = path.rsplit('.').next().unwrap_or("").to_lowercase();
        let format =
            jixiao::collect::Format::from_extension(&ext).unwrap_or(jixiao::collect::Format::Txt);
        println!("== {path}");
        match jixiao::report::read(
            &bytes,
            format,
            &Default::default(),
            &Default::default(),
            &grades,
        ) {
            Ok(r) => {
                println!(
                    "name: {:?}, paragraphs: {}",
                    r.cover.name,
                    r.paragraphs.len()
                );
                for c in &r.statements.claims {
                    println!(
                        "  第{}段 {:<28} {:>12} {:?}  {}",
                        c.paragraph, c.subject, c.value, c.unit, c.quote
                    );
                }
                for g in &r.statements.groups {
                    println!(
                        "  group total {} parts {:?}",
                        r.statements.claims[g.total].quote, g.parts
                    );
                }
                for s in &r.slips {
                    println!("  ** 第{}段 {} {}", s.paragraph, s.rule, s.message);
                }
            }
            Err(e) => println!("  error: {e}"),
        }
    }
}
