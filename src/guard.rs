//! Reading-library calls (calamine, pdf-extract), guarded: a damaged file can make
//! a library panic (an index into a missing relationship of an .xlsb, an assertion
//! on a record length, an overflow in an .xls record, an `unwrap` on a PDF font;
//! found by `tests/mutation.rs`). Such a panic is caught here and becomes the
//! stage's error for a damaged file (`From<LibraryPanic>`); the panic hook stays
//! silent for it, so that the user sees the reason in the outputs, not a Rust
//! backtrace.
//!
//! A panic in jixiao's own code is not caught here: it surfaces as the stage's
//! internal error, which the mutation test counts as a failure.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static IN_LIBRARY: Cell<bool> = const { Cell::new(false) };
}

/// A reading library panicked on a file: the file's structure is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LibraryPanic;

impl LibraryPanic {
    /// What the user reads.
    pub const REASON: &'static str = "文件结构异常，读取库无法解析";
}

/// Run a reading library's call; a panic becomes the error `E` makes of a
/// [`LibraryPanic`].
pub fn library<T, E: From<LibraryPanic>>(f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    quiet_hook();
    IN_LIBRARY.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    IN_LIBRARY.with(|c| c.set(false));
    result.unwrap_or_else(|_| Err(LibraryPanic.into()))
}

/// Install, once, a panic hook that is silent for panics inside [`library`] and
/// hands every other panic to the hook that was there before.
fn quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_LIBRARY.with(Cell::get) {
                previous(info);
            }
        }));
    });
}
