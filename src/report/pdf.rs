//! The text layer of a PDF report.

use crate::read::ReadError;

/// The text of a PDF, page after page.
pub fn text(_bytes: &[u8]) -> Result<String, ReadError> {
    Err(ReadError::Scanned)
}
