//! Where the time of a build goes, phase by phase, in one process (the machine's
//! noise hits every phase alike): `cargo run --release --example phase_times DIR`.
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: phase_times DIR");
    let scheme = jixiao::scheme::Scheme::builtin();
    let options = jixiao::Options::new(vec![dir.into()], scheme.clone());
    let t = Instant::now();
    let inputs = jixiao::inputs(&options).unwrap();
    let collect = t.elapsed();
    let t = Instant::now();
    let batch = jixiao::run(&options, &inputs, &|_| {});
    let run = t.elapsed();
    let rss_after_run = rss_mb();
    let t = Instant::now();
    let decoded = batch.departments.iter().count() + batch.findings().count();
    let decode_time = t.elapsed();
    let t = Instant::now();
    let tables = jixiao::write::all_tables(&batch, &scheme);
    let rows: usize = tables.iter().map(|t| t.rows().count()).sum();
    let tables_time = t.elapsed();
    drop(tables);
    let cpu = cpu_secs();
    let t = Instant::now();
    let zip_started = std::sync::Mutex::new(None);
    let xlsx = jixiao::write::xlsx::to_bytes_reporting(
        &batch,
        &scheme,
        jixiao::write::xlsx::EXCEL_MAX_ROWS,
        &|step: &str| {
            if step == "压缩保存" {
                *zip_started.lock().unwrap() = Some(t.elapsed());
            }
        },
    )
    .unwrap();
    let xlsx_time = t.elapsed();
    let sheets_time = zip_started.lock().unwrap().unwrap_or_default();
    let xlsx_cpu = cpu_secs() - cpu;
    let t = Instant::now();
    let json = jixiao::write::json::to_bytes(&batch, &scheme);
    let json_time = t.elapsed();
    println!("files {}", inputs.len());
    println!("collect        {:6.2} s", collect.as_secs_f64());
    println!(
        "read+compute   {:6.2} s  (RSS {rss_after_run} MB after)",
        run.as_secs_f64()
    );
    println!(
        "decode all     {:6.2} s  ({decoded} departments and findings, one thread)",
        decode_time.as_secs_f64()
    );
    println!(
        "tables         {:6.2} s  ({rows} rows made once)",
        tables_time.as_secs_f64()
    );
    println!(
        "xlsx           {:6.2} s  {} MB (sheets {:.2} s, then zip {:.2} s; {xlsx_cpu:.1} CPU s)",
        xlsx_time.as_secs_f64(),
        xlsx.len() >> 20,
        sheets_time.as_secs_f64(),
        (xlsx_time - sheets_time).as_secs_f64()
    );
    println!(
        "json           {:6.2} s  {} MB",
        json_time.as_secs_f64(),
        json.len() >> 20
    );
}

/// CPU seconds used so far by the process (user + system), from /proc (Linux; 0
/// elsewhere).
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name in parentheses: utime is 14th, stime 15th.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(0.0)
}

/// Resident memory now, from /proc (Linux; 0 elsewhere).
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
