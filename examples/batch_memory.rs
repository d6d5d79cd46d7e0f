//! Where a batch's memory goes: live heap bytes (a counting allocator) after the
//! batch is read, then what each part of the departments frees when dropped.
//! `cargo run --release --example batch_memory DIR`.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: batch_memory DIR");
    let options = jixiao::Options::new(vec![dir.into()], jixiao::scheme::Scheme::builtin());
    let inputs = jixiao::inputs(&options).unwrap();
    let base = LIVE.load(Relaxed);
    let mut batch = jixiao::run(&options, &inputs, &|_| {});
    let n = batch.departments.len().max(1);
    let total = LIVE.load(Relaxed) - base;
    println!(
        "{} departments: {} MB live, {} bytes each",
        n,
        total >> 20,
        total / n
    );
    let mut step = |label: &str, f: &mut dyn FnMut(&mut jixiao::model::Batch)| {
        let before = LIVE.load(Relaxed);
        f(&mut batch);
        let freed = before.saturating_sub(LIVE.load(Relaxed));
        println!("{label:<28} {:>6} bytes per department", freed / n);
    };
    step("findings (batch list)", &mut |b| b.findings = Vec::new());
    step("files (records)", &mut |b| b.files = Vec::new());
    step("form: narrative + filler", &mut |b| {
        for d in &mut b.departments {
            d.form.text = Default::default();
            d.form.filler = Default::default();
        }
    });
    step("form: goals", &mut |b| {
        for d in &mut b.departments {
            d.form.goals = Vec::new();
        }
    });
    step("form: indicators", &mut |b| {
        for d in &mut b.departments {
            d.form.indicators = Vec::new();
        }
    });
    step("review: goals + indicators", &mut |b| {
        for d in &mut b.departments {
            d.review.goals = Vec::new();
            d.review.indicators = Vec::new();
        }
    });
    step("the rest of each department", &mut |b| {
        b.departments = Vec::new()
    });
}
