//! Where a batch's memory goes: live heap bytes (a counting allocator) after the
//! batch is read, what the encoded departments take, and what a department takes
//! once decoded (what the batch would hold without the store).
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
    let encoded: usize = batch.departments.encoded_len();
    println!(
        "encoded departments + findings {:>6} bytes each",
        encoded / n
    );
    let before = LIVE.load(Relaxed);
    batch.files = Vec::new();
    let files = before.saturating_sub(LIVE.load(Relaxed));
    println!("file records                   {:>6} bytes each", files / n);
    // Decoded, as the batch held them before the store: the first 1,000.
    let before = LIVE.load(Relaxed);
    let decoded: Vec<_> = (0..batch.departments.len().min(1000))
        .map(|i| {
            (
                batch.departments.department(i),
                batch.departments.findings(jixiao::store::Which::Kept(i)),
            )
        })
        .collect();
    let m = decoded.len().max(1);
    let size = LIVE.load(Relaxed) - before;
    println!("one decoded department + findings {:>6} bytes", size / m);
}
